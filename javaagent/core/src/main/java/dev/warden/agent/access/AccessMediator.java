package dev.warden.agent.access;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.WardenLog;
import dev.warden.policy.Mode;

/**
 * Decide → apply → record, the same for every kind of access: the decision is counted and kept
 * (audit log, log records, first-access watch), shown in the trace, told as a denial line when the
 * policy does not allow (in learn mode, a summary instead: {@link LearnSummary}), and turned into the API's own exception when it blocks. Hooks build the
 * request, call here, and throw what comes back.
 */
public final class AccessMediator {

    private final DecisionRecorder recorder;
    private final LearnSummary learnSummary;
    private final OtherAgents otherAgents;

    public AccessMediator(DecisionRecorder recorder) {
        this(recorder, new LearnSummary(), OtherAgents.none());
    }

    public AccessMediator(DecisionRecorder recorder, OtherAgents otherAgents) {
        this(recorder, new LearnSummary(), otherAgents);
    }

    AccessMediator(DecisionRecorder recorder, LearnSummary learnSummary) {
        this(recorder, learnSummary, OtherAgents.none());
    }

    private AccessMediator(DecisionRecorder recorder, LearnSummary learnSummary, OtherAgents otherAgents) {
        this.recorder = recorder;
        this.learnSummary = learnSummary;
        this.otherAgents = otherAgents;
    }

    /** How one kind of access is decided. */
    @FunctionalInterface
    public interface Decider<R> {
        Decision decide(R request);
    }

    /**
     * Decides the request, then {@link #apply}s the decision.
     *
     * @return the exception to throw when the decision blocks, else null
     */
    public <E extends Exception, R extends AccessRequest<E>> E mediate(R request, Decider<? super R> decider,
            AccessSpans<? super R> spans) {
        return apply(request, decider.decide(request), spans);
    }

    /**
     * Applies and records a decision already made (when the call needs it before its span starts).
     *
     * @return the exception to throw when the decision blocks, else null
     */
    public <E extends Exception, R extends AccessRequest<E>> E apply(R request, Decision decision,
            AccessSpans<? super R> spans) {
        if (recorder.keepsDetails()) {
            request.record(recorder, decision);
        } else {
            recorder.count(request.kind(), decision);
        }
        if (decision.outcome() == Outcome.ALLOW) {
            spans.record(request, decision, null);
            return null;
        }
        String message = Denials.message(request.denied(), decision);
        if (!decision.blocks()) {
            spans.record(request, decision, null);
            if (decision.policy() != null && decision.policy().mode() == Mode.LEARN) {
                learnSummary.learned(request.kind(), Denials.withoutPrefix(message));
            } else {
                WardenLog.decision(Denials.auditLine(message));
                hintIfAnotherAgent(request);
            }
            return null;
        }
        E denial = request.denial(message);
        spans.record(request, decision, denial);
        WardenLog.decision(message);
        hintIfAnotherAgent(request);
        return denial;
    }

    private void hintIfAnotherAgent(AccessRequest<?> request) {
        if (request instanceof SocketConnect) { // its target is the host:port a rule names
            otherAgents.denied(request.target());
        } else if (request instanceof HttpRequestHop hop && hop.uri().getHost() != null) {
            int port = hop.uri().getPort() >= 0 ? hop.uri().getPort() : "https".equalsIgnoreCase(hop.uri().getScheme()) ? 443 : 80;
            otherAgents.denied(AccessRequest.hostPort(hop.uri().getHost(), port));
        }
    }
}
