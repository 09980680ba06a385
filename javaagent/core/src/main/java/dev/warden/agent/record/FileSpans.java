package dev.warden.agent.record;

import static dev.warden.agent.record.WardenAttributes.ERROR_TYPE;
import static dev.warden.agent.record.WardenAttributes.FILE_PATH;
import static dev.warden.agent.record.WardenAttributes.WARDEN_DECISION;
import static dev.warden.agent.record.WardenAttributes.WARDEN_FILE_ACCESS;
import static dev.warden.agent.record.WardenAttributes.WARDEN_REASON;

import dev.warden.agent.access.FileOperation;
import dev.warden.agent.access.LegacyPlaintextRead;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.policy.FileAccess;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * The telemetry of file access. A span for every open would drown the trace (class loading alone
 * opens hundreds of files), so: a span {@code file <access>} for every denial or audit-deny (ERROR
 * status when blocked) and for every allowed change (write, create, delete); allowed reads and
 * listings are only counted, in {@code warden.file.accesses} by access kind, which costs one
 * uncontended add and never waits for the SDK. Legacy plaintext reads in an encryption zone get a span each.
 */
public final class FileSpans {

    /** On the span of a read that an encryption zone's {@code legacy_plaintext: read} let through unencrypted. */
    public static final String LEGACY_PLAINTEXT = "warden.zone.legacy_plaintext";
    private static final AttributeKey<Boolean> LEGACY_PLAINTEXT_KEY = AttributeKey.booleanKey(LEGACY_PLAINTEXT);

    private final Supplier<Tracer> tracer;
    private final Map<FileAccess, LongAdder> allowedQuietly = new EnumMap<>(FileAccess.class);

    public FileSpans(Supplier<Tracer> tracer) {
        this.tracer = tracer;
        allowedQuietly.put(FileAccess.READ, new LongAdder());
        allowedQuietly.put(FileAccess.LIST, new LongAdder());
        allowedQuietly.put(FileAccess.STAT, new LongAdder());
    }

    /** Registers the counter of quietly allowed accesses with the meter, once it exists. */
    public void observeWith(Meter meter) {
        meter.counterBuilder("warden.file.accesses")
                .setDescription("File accesses Warden allowed without a span (reads, listings and probes)")
                .buildWithCallback(measurement -> allowedQuietly.forEach((access, count) -> measurement.record(
                        count.sum(), Attributes.of(WARDEN_FILE_ACCESS, label(access), WARDEN_DECISION, "allow"))));
    }

    /** Records one decided access; {@code denial} is what the call throws when it is blocked. */
    public void record(FileOperation operation, Decision decision, Exception denial) {
        FileAccess access = operation.access();
        LongAdder quiet = decision.outcome() == Outcome.ALLOW ? allowedQuietly.get(access) : null;
        if (quiet != null) {
            quiet.increment();
            return;
        }
        Tracer spans = tracer.get();
        if (Telemetry.makesNoSpans(spans)) {
            return;
        }
        Span span = span(spans, operation.canonicalPath(), access, decision).startSpan();
        if (denial != null) {
            span.setAttribute(ERROR_TYPE, "warden.denied");
            span.setStatus(StatusCode.ERROR, denial.getMessage());
        }
        span.end();
    }

    /**
     * A legacy plaintext read always gets its span ({@code file read}, {@value #LEGACY_PLAINTEXT} true, the
     * reason): an allowed read that an operator must see, since the file still waits to be encrypted.
     */
    public void recordLegacyPlaintextRead(LegacyPlaintextRead read, Decision decision, Exception never) {
        span(tracer.get(), read.canonicalPath(), FileAccess.READ, decision)
                .setAttribute(WARDEN_REASON, decision.reason())
                .setAttribute(LEGACY_PLAINTEXT_KEY, true)
                .startSpan().end();
    }

    private static SpanBuilder span(Tracer spans, String canonicalPath, FileAccess access, Decision decision) {
        return DecisionAttributes.on(spans.spanBuilder("file " + label(access)).setSpanKind(SpanKind.INTERNAL), decision)
                .setAttribute(FILE_PATH, canonicalPath)
                .setAttribute(WARDEN_FILE_ACCESS, label(access));
    }

    private static String label(FileAccess access) {
        return access.name().toLowerCase(Locale.ROOT);
    }
}
