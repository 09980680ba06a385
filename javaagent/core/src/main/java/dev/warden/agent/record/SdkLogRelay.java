package dev.warden.agent.record;

import io.opentelemetry.exporter.otlp.internal.HttpExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Keeps the OpenTelemetry SDK Warden carries out of the app's log. The SDK logs through
 * {@code java.util.logging}, whose root handlers are the app's (the JDK's console format, or
 * whatever bridge the app installed): its warnings, such as the span processor's "dropped N
 * span(s) ... because the queue is full", become one line of Warden's own per logger, at most
 * once a minute, without a stack trace; what it says below a warning is dropped. The exporters'
 * "Failed to export" is turned off altogether: {@link ExportHealth} speaks for failed exports.
 */
final class SdkLogRelay extends Handler {

    static final long INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    /**
     * Held: {@code java.util.logging} keeps loggers only weakly, and a collected logger would come
     * back with its parent's handlers. A holder, so that {@code java.util.logging} starts with the
     * SDK, not with the agent.
     */
    private static final class SdkLoggers {
        static final Logger SDK = Logger.getLogger(parentPackage(OpenTelemetrySdk.class.getPackageName()));
        static final Logger EXPORTERS = Logger.getLogger(HttpExporter.class.getPackageName());
    }

    private final LongSupplier nanoClock;
    private final Consumer<String> warnings;
    /** Per logger, when its next line may be printed. */
    private final Map<String, Long> nextLineNanos = new ConcurrentHashMap<>();

    SdkLogRelay(LongSupplier nanoClock, Consumer<String> warnings) {
        this.nanoClock = nanoClock;
        this.warnings = warnings;
    }

    /** Before the SDK is built, so that nothing it logs reaches the app's handlers. */
    static void install() {
        SdkLoggers.EXPORTERS.setLevel(Level.OFF);
        Logger sdk = SdkLoggers.SDK;
        sdk.setUseParentHandlers(false);
        sdk.setLevel(Level.WARNING);
        sdk.addHandler(new SdkLogRelay(System::nanoTime, WardenLog::warn));
    }

    @Override
    public void publish(LogRecord record) {
        if (record == null || record.getLevel().intValue() < Level.WARNING.intValue()) {
            return;
        }
        String logger = String.valueOf(record.getLoggerName());
        long now = nanoClock.getAsLong();
        Long due = nextLineNanos.get(logger);
        if (due != null && now - due < 0) {
            return;
        }
        if (due == null ? nextLineNanos.putIfAbsent(logger, now + INTERVAL_NANOS) != null
                : !nextLineNanos.replace(logger, due, now + INTERVAL_NANOS)) {
            return; // another thread printed it just now
        }
        warnings.accept("telemetry: " + record.getMessage() + " (from " + simpleName(logger)
                + "; the app is not affected; this warning repeats at most once a minute)");
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }

    private static String parentPackage(String packageName) {
        return packageName.substring(0, packageName.lastIndexOf('.'));
    }

    private static String simpleName(String logger) {
        return logger.substring(logger.lastIndexOf('.') + 1);
    }
}
