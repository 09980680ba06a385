package dev.warden.agent.record;

import dev.warden.agent.access.AccessRequest;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import java.util.function.Supplier;

/**
 * The spans of accesses that are decided only to be refused (a TLS handshake below the minimum, a
 * write over a bytes-out budget, a reach into Warden): one INTERNAL span per denial or audit-deny,
 * named by the action, a child of the span current where it happened; ERROR when blocked.
 */
public final class DenialSpans implements AccessSpans<AccessRequest<?>> {

    private final Supplier<Tracer> tracer;

    public DenialSpans(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    @Override
    public void record(AccessRequest<?> request, Decision decision, Exception denial) {
        if (decision.outcome() == Outcome.ALLOW) {
            return;
        }
        Span span = DecisionAttributes.on(tracer.get().spanBuilder(request.action()).setSpanKind(SpanKind.INTERNAL), decision)
                .setAttribute(WardenAttributes.WARDEN_TARGET, request.target())
                .startSpan();
        if (denial != null) {
            EgressSpans.endDenied(span, denial);
        } else {
            span.end();
        }
    }
}
