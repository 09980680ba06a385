package dev.warden.agent.decide;

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

    public boolean blocks() {
        return outcome.blocks();
    }

    /** The same decision, made in {@code inScope} (null: none). */
    public Decision in(String inScope) {
        return inScope == null ? this : new Decision(outcome, rule, reason, policy, inScope);
    }
}
