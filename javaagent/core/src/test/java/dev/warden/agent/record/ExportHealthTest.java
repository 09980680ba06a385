package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How long the exit flush may wait, from how the exports went. */
class ExportHealthTest {

    /** A collector that refuses every batch, as a closed port or an error status does. */
    private static final class RefusingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            return CompletableResultCode.ofFailure();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    @Test
    void aFirstExportStillInFlightGetsThreeSecondsAnAcceptedOneOneSecond() {
        ExportHealth health = new ExportHealth();
        SpanExporter watched = health.watch(InMemorySpanExporter.create());
        assertThat(health.exitWaitMillis()).isEqualTo(3000);

        watched.export(List.of());
        assertThat(health.exitWaitMillis()).isEqualTo(1000);
    }

    @Test
    void aRefusedExportMakesTheExitWaitForNothing() {
        ExportHealth health = new ExportHealth();
        health.watch(new RefusingExporter()).export(List.of());
        assertThat(health.exitWaitMillis()).isZero();
    }
}
