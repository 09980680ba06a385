package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.testing.trace.TestSpanData;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** How long the exit flush may wait, from how the exports went. */
class ExportHealthTest {

    /** A collector that refuses every batch, as a closed port or an error status does. */
    private static final class RefusingExporter implements SpanExporter {
        @Override
        public CompletableResultCode export(Collection<SpanData> spans) {
            // shaped like OkHttp's: the address in the outer exception, the socket's reason in its cause
            return CompletableResultCode.ofExceptionalFailure(new IllegalStateException("export failed",
                    withCause(new ConnectException("Failed to connect to localhost/127.0.0.1:4318"),
                            new ConnectException("Connection refused"))));
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

    @Test
    void aFailedExportIsOneWarningAndTheNextOnlyAMinuteLaterWithTheSpansDroppedMeanwhile() {
        AtomicLong now = new AtomicLong(TimeUnit.HOURS.toNanos(5));
        List<String> warnings = new ArrayList<>();
        SpanExporter watched = new ExportHealth(now::get, warnings::add).watch(new RefusingExporter());

        watched.export(spans(3));
        assertThat(warnings).containsExactly("telemetry: could not export 3 spans"
                + " (ConnectException: export failed: Failed to connect to localhost/127.0.0.1:4318: Connection refused); the app is not affected,"
                + " spans are dropped until the collector answers (OTEL_EXPORTER_OTLP_ENDPOINT /"
                + " otel.exporter.otlp.endpoint; this warning repeats at most once a minute)");

        now.addAndGet(ExportHealth.WARNING_INTERVAL_NANOS - 1);
        watched.export(spans(2));
        watched.export(spans(4));
        assertThat(warnings).hasSize(1);

        now.addAndGet(1);
        watched.export(spans(1));
        assertThat(warnings).hasSize(2);
        assertThat(warnings.get(1)).startsWith("telemetry: could not export 7 spans (");
    }

    @Test
    void theFinalFlushAtExitWarnsOfNothing() {
        List<String> warnings = new ArrayList<>();
        ExportHealth health = new ExportHealth(System::nanoTime, warnings::add);
        SpanExporter watched = health.watch(new RefusingExporter());
        health.exiting();
        watched.export(spans(2));
        assertThat(warnings).isEmpty();
        assertThat(health.exitWaitMillis()).isZero();
    }

    @Test
    void acceptedExportsWarnOfNothing() {
        List<String> warnings = new ArrayList<>();
        new ExportHealth(System::nanoTime, warnings::add).watch(InMemorySpanExporter.create()).export(spans(2));
        assertThat(warnings).isEmpty();
    }

    private static Throwable withCause(Throwable error, Throwable cause) {
        error.initCause(cause);
        return error;
    }

    private static List<SpanData> spans(int count) {
        List<SpanData> spans = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            spans.add(TestSpanData.builder().setName("s" + i).setKind(SpanKind.INTERNAL)
                    .setStartEpochNanos(1).setEndEpochNanos(2).setHasEnded(true)
                    .setStatus(StatusData.unset()).setTotalRecordedEvents(0).build());
        }
        return spans;
    }
}
