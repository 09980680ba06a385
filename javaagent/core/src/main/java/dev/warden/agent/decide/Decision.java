package dev.warden.agent.decide;

import dev.warden.policy.decide.Verdict;

/**
 * A verdict of the policy engine turned into what Warden does, with what the operator reads:
 * the deciding rule ({@code default-deny} when none allowed), the reason, the policy that decided,
 * and the scope the access was made in ({@code tool fetch_url}, {@code code com.acme.plugins.**};
 * null outside any).
 */
public record Decision(Outcome outcome, String rule, String reason, ActivePolicy policy, String scope) {

    public static final String DEFAULT_DENY = "default-deny";

    /** A decision outside any tool or code scope. */
    public Decision(Outcome outcome, String rule, String reason, ActivePolicy policy) {
        this(outcome, rule, reason, policy, null);
    }

    /**
     * The engine's {@code verdict} under {@code policy}, made in {@code scope} (null: none): allowed by
     * its rule, or denied by it (or the default deny), audit-denied when the policy does not enforce.
     */
    public static Decision of(Verdict verdict, ActivePolicy policy, String scope) {
        return verdict.allowed() ? new Decision(Outcome.ALLOW, verdict.rule(), verdict.reason(), policy, scope)
                : denied(verdict.rule(), verdict.reason(), policy, scope);
    }

    /** A denial by {@code rule} (null: the default deny) under {@code policy}'s mode. */
    public static Decision denied(String rule, String reason, ActivePolicy policy, String scope) {
        return new Decision(policy.enforcing() ? Outcome.DENY : Outcome.AUDIT_DENY, rule == null ? DEFAULT_DENY : rule,
                reason, policy, scope);
    }

    public boolean blocks() {
        return outcome.blocks();
    }

    /** The same decision, made in {@code inScope} (null: none). */
    public Decision in(String inScope) {
        return inScope == null ? this : new Decision(outcome, rule, reason, policy, inScope);
    }
}
