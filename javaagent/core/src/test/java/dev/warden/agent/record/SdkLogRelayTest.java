package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.exporter.otlp.internal.GrpcExporter;
import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What the SDK logs reaches the app's log only as Warden's own rate-limited warning. */
class SdkLogRelayTest {

    private static final String PROCESSOR = BatchSpanProcessor.class.getName();
    private static final String DROPPED = "BatchSpanProcessor dropped 12 span(s) since the last export because the queue is full (maxQueueSize=2048)";

    private final AtomicLong clock = new AtomicLong(1_000);
    private final List<String> warnings = new ArrayList<>();
    private final SdkLogRelay relay = new SdkLogRelay(clock::get, warnings::add);

    @Test
    void aWarningIsOneLineOfWardensAtMostOnceAMinutePerLogger() {
        relay.publish(record(Level.WARNING, PROCESSOR, DROPPED));
        relay.publish(record(Level.WARNING, PROCESSOR, DROPPED));
        clock.addAndGet(SdkLogRelay.INTERVAL_NANOS - 1);
        relay.publish(record(Level.WARNING, PROCESSOR, DROPPED));
        assertThat(warnings).containsExactly("telemetry: " + DROPPED + " (from BatchSpanProcessor; the app is not affected;"
                + " this warning repeats at most once a minute)");

        relay.publish(record(Level.SEVERE, "io.opentelemetry.sdk.OpenTelemetrySdk", "other"));
        clock.addAndGet(1);
        relay.publish(record(Level.WARNING, PROCESSOR, DROPPED));
        assertThat(warnings).hasSize(3);
    }

    @Test
    void belowAWarningNothingIsSaid() {
        relay.publish(record(Level.INFO, PROCESSOR, "info"));
        relay.publish(record(Level.FINE, PROCESSOR, "fine"));
        assertThat(warnings).isEmpty();
    }

    @Test
    void onceInstalledTheSdksLogsReachNoParentHandlerAndTheExportersFailuresAreOff() {
        SdkLogRelay.install();
        Logger processor = Logger.getLogger(PROCESSOR);
        assertThat(processor.getParent().getName()).isNotEmpty();
        Logger sdk = Logger.getLogger("io.opentelemetry");
        assertThat(sdk.getUseParentHandlers()).isFalse();
        assertThat(sdk.getHandlers()).hasAtLeastOneElementOfType(SdkLogRelay.class);
        assertThat(processor.isLoggable(Level.INFO)).isFalse();
        assertThat(processor.isLoggable(Level.WARNING)).isTrue();
        assertThat(Logger.getLogger(HttpExporter.class.getName()).isLoggable(Level.SEVERE)).isFalse();
        assertThat(Logger.getLogger(GrpcExporter.class.getName()).isLoggable(Level.SEVERE)).isFalse();
    }

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        return record;
    }
}
