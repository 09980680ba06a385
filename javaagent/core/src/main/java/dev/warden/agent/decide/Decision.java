package dev.warden.agent.decide;

/**
 * A verdict of the policy engine turned into what Warden does, with what the operator reads:
 * the deciding rule ({@code default-deny} when none allowed), the reason, and the policy that decided.
 */
public record Decision(Outcome outcome, String rule, String reason, ActivePolicy policy) {

    public static final String DEFAULT_DENY = "default-deny";

    public boolean blocks() {
        return outcome.blocks();
    }
}
