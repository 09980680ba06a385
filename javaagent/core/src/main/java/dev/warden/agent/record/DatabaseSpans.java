package dev.warden.agent.record;

import static dev.warden.agent.record.WardenAttributes.DB_COLLECTION_NAME;
import static dev.warden.agent.record.WardenAttributes.DB_NAMESPACE;
import static dev.warden.agent.record.WardenAttributes.DB_OPERATION_NAME;
import static dev.warden.agent.record.WardenAttributes.DB_QUERY_TEXT;
import static dev.warden.agent.record.WardenAttributes.DB_SYSTEM_NAME;
import static dev.warden.agent.record.WardenAttributes.ERROR_TYPE;
import static dev.warden.agent.record.WardenAttributes.SERVER_ADDRESS;
import static dev.warden.agent.record.WardenAttributes.SERVER_PORT;

import dev.warden.agent.decide.Decision;
import dev.warden.policy.decide.JdbcTarget;
import dev.warden.policy.decide.SqlAnalysis;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * DB client spans (stable database semantic conventions) with Warden's decision: one per SQL text
 * sent through a Statement or prepared on a Connection, and one per connection opened or refused;
 * children of the span current on the calling thread.
 */
public final class DatabaseSpans {

    private final Supplier<Tracer> tracer;

    public DatabaseSpans(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** Starts the span of SQL: named {@code OPERATION TABLE} (or the operation, or the system). */
    public Span startSql(SqlAnalysis sql, JdbcTarget target, Decision decision) {
        Tracer spans = tracer.get();
        if (Telemetry.makesNoSpans(spans)) {
            return Span.getInvalid();
        }
        String operation = sql.operationName();
        String collection = sql.collectionName();
        String name = operation == null ? target.system() : collection == null ? operation : operation + " " + collection;
        SpanBuilder builder = onTarget(spans.spanBuilder(name), target, decision)
                .setAttribute(DB_QUERY_TEXT, sql.sanitisedText());
        if (operation != null) {
            builder.setAttribute(DB_OPERATION_NAME, operation);
        }
        if (collection != null) {
            builder.setAttribute(DB_COLLECTION_NAME, collection);
        }
        return builder.startSpan();
    }

    /** Starts the span of a connection being opened, at {@code startEpochNanos} ({@link #now()}). */
    public Span startConnect(JdbcTarget target, Decision decision, long startEpochNanos) {
        Tracer spans = tracer.get();
        if (Telemetry.makesNoSpans(spans)) {
            return Span.getInvalid();
        }
        String name = "CONNECT" + (target.namespace() == null || target.namespace().isEmpty() ? "" : " " + target.namespace());
        return onTarget(spans.spanBuilder(name), target, decision)
                .setStartTimestamp(startEpochNanos, TimeUnit.NANOSECONDS).startSpan();
    }

    /** The wall-clock time in nanoseconds since the epoch, as span timestamps take it. */
    public static long now() {
        Instant now = Instant.now();
        return TimeUnit.SECONDS.toNanos(now.getEpochSecond()) + now.getNano();
    }

    private static SpanBuilder onTarget(SpanBuilder builder, JdbcTarget target, Decision decision) {
        DecisionAttributes.on(builder.setSpanKind(SpanKind.CLIENT), decision)
                .setAttribute(DB_SYSTEM_NAME, target.system());
        if (target.namespace() != null && !target.namespace().isEmpty()) {
            builder.setAttribute(DB_NAMESPACE, target.namespace());
        }
        if (!target.endpoints().isEmpty()) {
            builder.setAttribute(SERVER_ADDRESS, target.endpoints().get(0).host());
            builder.setAttribute(SERVER_PORT, (long) target.endpoints().get(0).port());
        }
        return builder;
    }

    /** Ends a span whose call went ahead; {@code thrown} is what the driver threw, if anything. */
    public static void end(Span span, Throwable thrown) {
        if (thrown != null) {
            span.setAttribute(ERROR_TYPE, thrown.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(thrown.getMessage()));
        }
        span.end();
    }

    /** Ends a span whose call Warden refused. */
    public static void endDenied(Span span, String message) {
        span.setAttribute(ERROR_TYPE, "java.sql.SQLException");
        span.setStatus(StatusCode.ERROR, message);
        span.end();
    }
}
