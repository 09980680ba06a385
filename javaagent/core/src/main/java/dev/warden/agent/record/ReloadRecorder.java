package dev.warden.agent.record;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Supplier;

/**
 * What a bundle reload did, told three ways: a {@code [warden]} line, a {@code bundle reload}
 * span with an {@code accepted} or {@code refused} event, and the counter
 * {@code warden.bundle.reloads} by result.
 */
public final class ReloadRecorder {

    private static final AttributeKey<String> RESULT = AttributeKey.stringKey("warden.reload.result");
    private static final AttributeKey<String> BUNDLE = AttributeKey.stringKey("warden.bundle.name");
    private static final AttributeKey<Long> PREVIOUS = AttributeKey.longKey("warden.bundle.previous_revision");

    /** Made at the first reload: the SDK's attributes class costs 4 ms to initialise, and the recorder is built at the start. */
    private static final class Results {
        static final Attributes ACCEPTED = Attributes.of(RESULT, "accepted");
        static final Attributes REFUSED = Attributes.of(RESULT, "refused");
    }

    private final Supplier<Tracer> tracer;
    private final Supplier<Meter> meter;
    private volatile LongCounter reloads;

    public ReloadRecorder(Supplier<Tracer> tracer, Supplier<Meter> meter) {
        this.tracer = tracer;
        this.meter = meter;
    }

    public void accepted(String bundle, long revision, String signers, long previousRevision) {
        WardenLog.info(String.format("reloaded bundle \"%s\" revision %d signed by %s (was revision %d)",
                bundle, revision, signers, previousRevision));
        Span span = start(revision);
        span.setAttribute(BUNDLE, bundle);
        span.setAttribute(PREVIOUS, previousRevision);
        span.addEvent("accepted", Results.ACCEPTED);
        span.end();
        counter().add(1, Results.ACCEPTED);
    }

    public void refused(long keptRevision, String reason) {
        WardenLog.warn("reload refused, still enforcing revision " + keptRevision + ": " + reason);
        Span span = start(keptRevision);
        span.addEvent("refused", Attributes.of(RESULT, "refused", WardenAttributes.WARDEN_REASON, reason));
        span.setStatus(StatusCode.ERROR, reason);
        span.end();
        counter().add(1, Results.REFUSED);
    }

    private Span start(long revision) {
        return tracer.get().spanBuilder("bundle reload").setSpanKind(SpanKind.INTERNAL)
                .setAttribute(WardenAttributes.WARDEN_BUNDLE_REVISION, revision)
                .startSpan();
    }

    private LongCounter counter() {
        LongCounter counter = reloads;
        if (counter == null) {
            counter = meter.get().counterBuilder("warden.bundle.reloads")
                    .setDescription("Bundle reloads by result (accepted, refused)").build();
            reloads = counter;
        }
        return counter;
    }
}
