package dev.warden.agent.apply.protect;

import dev.warden.agent.apply.body.BodyExchange;
import dev.warden.agent.apply.body.BodyParticipant;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.apply.body.ResponseBodyStream;
import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.DataKeys;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.WardenLog;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Data protection on the HTTP body seam: requests allowed by a rule with {@code protect:} are rewritten before they
 * leave, and with {@code restore: true} the tokens in their responses are decrypted before the app reads them. Spans
 * get {@code warden.protect.<detector>.redacted|tokenized|blocked} and {@code warden.protect.restored} counts; the
 * audit log a {@code protect} record with the counts. Values are never recorded.
 */
public final class ProtectParticipant implements BodyParticipant {

    private final Optional<DataKeys> keys;
    private final DecisionRecorder recorder;
    private volatile Compiled compiled;

    private record Compiled(ActivePolicy policy, ProtectionRules rules) {
    }

    public ProtectParticipant(Optional<DataKeys> keys, DecisionRecorder recorder) {
        this.keys = keys;
        this.recorder = recorder;
    }

    /** Compiles the protections of the policy in force at start; a rule that cannot be honoured stops the start. */
    public void check(ActivePolicy policy) throws ConfigException {
        compiled = new Compiled(policy, ProtectionRules.compile(policy.engine().policy(), keys));
    }

    @Override
    public BodyExchange open(String method, URI uri, Decision decision) {
        if (decision.outcome() != Outcome.ALLOW || decision.rule() == null) {
            return null;
        }
        RuleProtection protection = rulesOf(decision.policy()).forRule(decision.rule());
        return protection == null ? null : new Exchange(protection, method, uri, decision);
    }

    /** A reloaded policy is compiled on its first request; one that cannot be honoured blocks what it would protect. */
    private ProtectionRules rulesOf(ActivePolicy policy) {
        Compiled current = compiled;
        if (current != null && current.policy == policy) {
            return current.rules;
        }
        try {
            current = new Compiled(policy, ProtectionRules.compile(policy.engine().policy(), keys));
        } catch (ConfigException unusable) {
            WardenLog.warn("the reloaded policy cannot be protected as written, its protected requests are refused: "
                    + unusable.getMessage());
            throw new IllegalStateException(unusable.getMessage());
        }
        compiled = current;
        return current.rules;
    }

    private final class Exchange implements BodyExchange {
        private final RuleProtection protection;
        private final String method;
        private final URI uri;
        private final Decision decision;
        private final ProtectionCounts counts = new ProtectionCounts();

        Exchange(RuleProtection protection, String method, URI uri, Decision decision) {
            this.protection = protection;
            this.method = method;
            // the query may carry the values protected here: the audit log shows the URL without it
            this.uri = uri.getRawQuery() == null ? uri : URI.create(uri.toString().substring(0, uri.toString().indexOf('?')));
            this.decision = decision;
        }

        @Override
        public boolean needsRequestBody() {
            return protection.scans();
        }

        @Override
        public void request(OutgoingRequest request) throws RequestRefused {
            try {
                protection.protect(request, counts, decision.policy().enforcing());
            } catch (ValueBlocked blocked) {
                audit(Outcome.DENY);
                throw new RequestRefused("it carries a value of detector " + blocked.detector() + ", which "
                        + protection.rule() + " blocks", protection.rule());
            }
            if (!counts.isEmpty()) {
                audit(counts.byDetector().keySet().stream().anyMatch(name -> name.endsWith(".blocked"))
                        ? Outcome.AUDIT_DENY : Outcome.ALLOW);
            }
        }

        @Override
        public ResponseBodyStream response(int status, String contentType) {
            TokenRestorer restorer = protection.restorer(contentType, counts);
            if (restorer == null) {
                return null;
            }
            return new ResponseBodyStream() {
                @Override
                public byte[] chunk(byte[] bytes, int offset, int length) {
                    return restorer.chunk(bytes, offset, length);
                }

                @Override
                public byte[] finish() {
                    return restorer.finish();
                }
            };
        }

        @Override
        public void record(Span span) {
            if (!span.isRecording()) {
                return;
            }
            for (Map.Entry<String, Integer> count : counts.byDetector().entrySet()) {
                span.setAttribute("warden.protect." + count.getKey(), count.getValue().longValue());
            }
            if (protection.restores()) {
                span.setAttribute("warden.protect.restored", (long) counts.restoredCount());
                if (counts.notRestoredCount() > 0) {
                    span.setAttribute("warden.protect.not_restored", (long) counts.notRestoredCount());
                }
            }
        }

        private void audit(Outcome outcome) {
            Decision protectDecision = new Decision(outcome, protection.rule(), "protect", decision.policy());
            recorder.record(DecisionRecorder.EGRESS, "protect " + method, EgressSpans.urlText(uri), counts.summary(),
                    null, protectDecision, null);
        }
    }
}
