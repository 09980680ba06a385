package dev.warden.agent.record;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.StringJoiner;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Watches the exporter so that exit does not wait on a dead collector: the final flush gets at
 * most a second when the collector took the last batch, and no time at all when it failed it.
 * Before any export has finished it gets three: the SDK is built when the first span is due, so a
 * short-lived app may exit while its first export still opens its connection, cold.
 *
 * <p>It also speaks for the exporter when exports fail: the OTLP exporters log each failure with
 * its stack trace through {@code java.util.logging}, which lands in the app's own log. Those
 * loggers are turned off ({@link SdkLogRelay}), and a failed export is one warning line of Warden's own instead, at most
 * once a minute, while the app runs: the final flush at exit says nothing (the exporter's own log was
 * never seen there either, {@code java.util.logging} is closed by then), so that a short-lived app
 * without a collector prints what it printed before.
 */
final class ExportHealth {

    private static final long HEALTHY_WAIT_MILLIS = 1000;
    private static final long FIRST_EXPORT_WAIT_MILLIS = 3000;
    static final long WARNING_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final LongSupplier nanoClock;
    private final Consumer<String> warnings;
    private final AtomicLong nextWarningNanos;
    private final AtomicLong failedSinceWarning = new AtomicLong();
    private volatile boolean anyExportFinished;
    private volatile boolean lastExportFailed;
    private volatile boolean exiting;

    ExportHealth() {
        this(System::nanoTime, WardenLog::warn);
    }

    ExportHealth(LongSupplier nanoClock, Consumer<String> warnings) {
        this.nanoClock = nanoClock;
        this.warnings = warnings;
        this.nextWarningNanos = new AtomicLong(nanoClock.getAsLong());
    }

    /** The JVM is shutting down: what fails from now on is the final flush, which warns of nothing. */
    void exiting() {
        exiting = true;
    }

    long exitWaitMillis() {
        if (lastExportFailed) {
            return 0;
        }
        return anyExportFinished ? HEALTHY_WAIT_MILLIS : FIRST_EXPORT_WAIT_MILLIS;
    }

    SpanExporter watch(SpanExporter exporter) {
        return new SpanExporter() {
            @Override
            public CompletableResultCode export(Collection<SpanData> spans) {
                CompletableResultCode result = exporter.export(spans);
                int count = spans.size();
                result.whenComplete(() -> {
                    lastExportFailed = !result.isSuccess();
                    anyExportFinished = true;
                    if (lastExportFailed) {
                        failed(count, result.getFailureThrowable());
                    }
                });
                return result;
            }

            @Override
            public CompletableResultCode flush() {
                return exporter.flush();
            }

            @Override
            public CompletableResultCode shutdown() {
                return exporter.shutdown();
            }

            @Override
            public String toString() {
                return exporter.toString();
            }
        };
    }

    private void failed(int spans, Throwable cause) {
        if (exiting) {
            return;
        }
        long dropped = failedSinceWarning.addAndGet(spans);
        long now = nanoClock.getAsLong();
        long due = nextWarningNanos.get();
        if (now - due < 0 || !nextWarningNanos.compareAndSet(due, now + WARNING_INTERVAL_NANOS)) {
            return;
        }
        failedSinceWarning.addAndGet(-dropped);
        warnings.accept("telemetry: could not export " + dropped + " span" + (dropped == 1 ? "" : "s") + " ("
                + reason(cause) + "); the app is not affected, spans are dropped until the collector"
                + " answers (OTEL_EXPORTER_OTLP_ENDPOINT / otel.exporter.otlp.endpoint; this warning repeats"
                + " at most once a minute)");
    }

    /** Every distinct message down the cause chain: the exporter's wrapper says little, the socket's error names the address. */
    private static String reason(Throwable cause) {
        if (cause == null) {
            return "the collector refused them";
        }
        StringJoiner messages = new StringJoiner(": ");
        String previous = null;
        Throwable root = cause;
        for (Throwable t = cause; t != null; t = t.getCause()) {
            root = t;
            String message = t.getMessage();
            if (message != null && (previous == null || !previous.contains(message))
                    && (t.getCause() == null || !message.equals(t.getCause().toString()))) {
                messages.add(message);
                previous = message;
            }
        }
        return root.getClass().getSimpleName() + (messages.length() == 0 ? "" : ": " + messages);
    }
}
