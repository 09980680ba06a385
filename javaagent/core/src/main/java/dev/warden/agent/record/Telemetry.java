package dev.warden.agent.record;

import dev.warden.bootstrap.WardenBridge;
import io.opentelemetry.api.logs.Logger;
import io.opentelemetry.api.logs.LoggerProvider;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The OpenTelemetry SDK inside the agent, configured by the standard {@code OTEL_*} environment
 * variables and {@code otel.*} system properties (OTLP over http/protobuf by default, gRPC with
 * {@code OTEL_EXPORTER_OTLP_PROTOCOL=grpc}).
 *
 * <p>It is built when the first span is due (or at start when metrics or logs are exported): a
 * program that makes no access never pays for it. It is built as Warden's own work, so that
 * every thread it starts (the batch processor, the exporter's HTTP dispatcher) inherits the mark
 * that keeps Warden's own traffic unmediated: the thread that needs the first span builds it as
 * Warden's own, and others wait for it, bounded. The
 * export queue is the SDK's bounded batch queue: an unreachable collector drops spans, it never
 * blocks or grows the app. At exit the queue is flushed for a bounded time.
 *
 * <p>With {@code OTEL_TRACES_EXPORTER=none} no span is made at all (the tracer is a no-op, and no
 * {@code traceparent} names a span nobody will see); the SDK is then built only for metrics or logs.
 */
public final class Telemetry {

    private static final String SCOPE = "dev.warden";
    private static final long READY_WAIT_SECONDS = 10;
    private static final long SHUTDOWN_WAIT_MILLIS = 1000;

    private final BuiltOnce<OpenTelemetrySdk> sdk = new BuiltOnce<>();
    private final AtomicBoolean used = new AtomicBoolean();
    private final AtomicBoolean building = new AtomicBoolean();
    private volatile Object capability;
    private volatile String version;
    private final ExportHealth exportHealth = new ExportHealth();
    private volatile Tracer tracer;
    private final boolean tracesExported = tracesExported(System.getenv());

    /** The one tracer handed out when no span is exported ({@link #makesNoSpans}); made at first use, not at start. */
    private static final class NoSpans {
        static final Tracer TRACER = TracerProvider.noop().get(SCOPE);
    }

    private Telemetry() {
    }

    public static Telemetry create() {
        return new Telemetry();
    }

    /**
     * Readies the SDK to be built by the thread whose span is the first due, as Warden's own work;
     * at once, on a Warden thread, when metrics or logs are exported (their instruments report
     * without any span). Call after the bridge holds the capability that marks Warden's threads.
     */
    public void start(Object capability, String version) {
        this.capability = capability;
        this.version = version;
        Thread flusher = new Thread(() -> {
            WardenBridge.markOwnThread(capability);
            shutdown();
        }, "warden-telemetry-shutdown");
        Runtime.getRuntime().addShutdownHook(flusher);
        if (exported("metrics", System.getenv()) || exported("logs", System.getenv())) {
            build();
        }
    }

    /** On a Warden thread of its own: for metrics and logs, which report without any span. */
    private void build() {
        if (!building.compareAndSet(false, true)) {
            return;
        }
        Thread builder = new Thread(() -> {
            WardenBridge.markOwnThread(capability);
            buildSdk();
        }, "warden-telemetry-init");
        builder.setDaemon(true);
        builder.start();
    }

    /**
     * On the thread whose span is the first due, which may be inside a class initializer the SDK's
     * own start needs: building it on another thread and waiting could deadlock on that class.
     */
    private void buildHere() {
        Thread thread = Thread.currentThread();
        ClassLoader appLoader = thread.getContextClassLoader();
        thread.setContextClassLoader(Telemetry.class.getClassLoader());
        try {
            WardenBridge.runAsOwnThread(capability, this::buildSdk);
        } finally {
            thread.setContextClassLoader(appLoader);
        }
    }

    private void buildSdk() {
        try {
            SdkLogRelay.install();
            OpenTelemetrySdk built = AutoConfiguredOpenTelemetrySdk.builder()
                    // defaults only: OTEL_* variables and otel.* properties still win.
                    // http/protobuf as the OTLP spec says (the SDK's own default is grpc);
                    // no retries, so that a dead collector fails a batch at once instead of
                    // keeping it (and the app's exit) waiting; spans only, for now
                    .addPropertiesSupplier(() -> Map.of(
                            "otel.exporter.otlp.protocol", "http/protobuf",
                            "otel.java.exporter.otlp.retry.disabled", "true",
                            "otel.metrics.exporter", "none",
                            "otel.logs.exporter", "none"))
                    .addSpanExporterCustomizer((exporter, config) -> exportHealth.watch(exporter))
                    .disableShutdownHook()
                    .build()
                    .getOpenTelemetrySdk();
            tracer = tracesExported ? built.getTracer(SCOPE, version) : NoSpans.TRACER;
            sdk.complete(built);
        } catch (Throwable error) {
            sdk.fail(error);
        }
    }

    /** The tracer; the first call builds the SDK, and calls on other threads meanwhile wait for it (bounded). */
    public Tracer tracer() {
        Tracer ready = tracer;
        if (ready != null) {
            return ready;
        }
        if (capability == null || !tracesExported) {
            return NoSpans.TRACER; // before start nothing is mediated yet; spans not exported are not made
        }
        return awaitSdk();
    }

    /**
     * Whether {@code tracer} is the one {@link #tracer()} gives when no span is exported: a span
     * about to be made is then not built at all (its attributes cost more than the no-op span saves).
     */
    public static boolean makesNoSpans(Tracer tracer) {
        return tracer == NoSpans.TRACER;
    }

    private Tracer awaitSdk() {
        used.set(true);
        if (building.compareAndSet(false, true)) {
            buildHere();
        }
        try {
            sdk.await(TimeUnit.SECONDS.toMillis(READY_WAIT_SECONDS));
            return tracer;
        } catch (Exception failed) {
            synchronized (this) {
                if (tracer == null) {
                    WardenLog.warn("telemetry is off: the OpenTelemetry SDK could not start: " + rootMessage(failed));
                    tracer = NoSpans.TRACER;
                }
            }
            return tracer;
        }
    }

    /** The meter for Warden's own metrics; it may wait for the SDK (bounded). */
    public Meter meter() {
        OpenTelemetrySdk built = capability == null ? null : sdkNow();
        return built == null ? MeterProvider.noop().get(SCOPE) : built.getMeter(SCOPE);
    }

    /** The logger for Warden's log records (decisions, when a logs exporter is configured); may wait like {@link #meter()}. */
    public Logger logger() {
        OpenTelemetrySdk built = capability == null ? null : sdkNow();
        return built == null ? LoggerProvider.noop().get(SCOPE) : built.getLogsBridge().get(SCOPE);
    }

    private OpenTelemetrySdk sdkNow() {
        awaitSdk();
        return sdk.now();
    }

    /** Whether spans are exported: {@code OTEL_TRACES_EXPORTER} / {@code otel.traces.exporter} is not {@code none} (OTLP by default). */
    static boolean tracesExported(Map<String, String> environment) {
        String configured = System.getProperty("otel.traces.exporter", environment.getOrDefault("OTEL_TRACES_EXPORTER", "otlp"));
        return !configured.trim().equals("none");
    }

    /** Whether {@code OTEL_<signal>_EXPORTER} / {@code otel.<signal>.exporter} names an exporter (Warden's default for metrics and logs is none). */
    public static boolean exported(String signal, Map<String, String> environment) {
        String configured = System.getProperty("otel." + signal + ".exporter",
                environment.getOrDefault("OTEL_" + signal.toUpperCase(java.util.Locale.ROOT) + "_EXPORTER", "none"));
        return !configured.isBlank() && !configured.equals("none");
    }

    /**
     * Runs {@code action} with the meter once the SDK is built (on the thread that built it), without
     * making anyone wait for it: for instruments observed from counts Warden keeps itself.
     */
    public void whenReady(java.util.function.Consumer<Meter> action) {
        sdk.whenBuilt(built -> action.accept(built.getMeter(SCOPE)));
    }

    /** Flushes and stops the exporter at exit: an unreachable collector never holds up the app's exit. */
    void shutdown() {
        if (!sdk.isDone() && !used.get()) {
            return; // nothing was recorded: do not make the app's exit wait for the SDK to finish building
        }
        exportHealth.exiting();
        try {
            OpenTelemetrySdk built = sdk.await(SHUTDOWN_WAIT_MILLIS);
            built.shutdown().join(exportHealth.exitWaitMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception ignored) {
            // the SDK never started: nothing to flush
        }
    }

    private static String rootMessage(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.toString();
    }
}
