package dev.warden.policy.decide;

/** The outcome of one decision: allowed or not, the rule that decided, and a one-line reason. */
public final class Verdict {

    private final boolean allowed;
    private final String rule;
    private final String ruleTarget;
    private final String reason;

    private Verdict(boolean allowed, String rule, String ruleTarget, String reason) {
        this.allowed = allowed;
        this.rule = rule;
        this.ruleTarget = ruleTarget;
        this.reason = reason;
    }

    /** The verdict of a rule that allows: {@code allowed by egress[0] (api.openai.com:443)}. */
    static Verdict allowedBy(String rule, String ruleTarget) {
        return new Verdict(true, rule, ruleTarget, "allowed by " + rule + " (" + ruleTarget + ")");
    }

    /** An allow that no rule needs to grant. */
    static Verdict allowedWithoutRule(String reason) {
        return new Verdict(true, null, null, reason);
    }

    /** A deny; {@code rule} names a rule that matched only in part, or is null for the default deny. */
    static Verdict denied(String rule, String ruleTarget, String reason) {
        return new Verdict(false, rule, ruleTarget, reason);
    }

    public boolean allowed() {
        return allowed;
    }

    /** The id of the deciding rule ({@code egress[0]}), or null for the default deny. */
    public String rule() {
        return rule;
    }

    /** The deciding rule's {@code to} as written, or null when no rule decided. */
    public String ruleTarget() {
        return ruleTarget;
    }

    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return (allowed ? "allow: " : "deny: ") + reason;
    }
}
