package dev.warden.policy.decide;

/** The outcome of one decision: allowed or not, the rule that decided, and a one-line reason. */
public final class Verdict {

    private final boolean allowed;
    private final String rule;
    private final String ruleTarget;
    private final String reason;
    private final boolean urlLevelOnly;
    private final boolean proxy;

    private Verdict(boolean allowed, String rule, String ruleTarget, String reason, boolean urlLevelOnly, boolean proxy) {
        this.allowed = allowed;
        this.rule = rule;
        this.ruleTarget = ruleTarget;
        this.reason = reason;
        this.urlLevelOnly = urlLevelOnly;
        this.proxy = proxy;
    }

    /** The verdict of a rule that allows: {@code allowed by egress[0] (api.openai.com:443)}. */
    static Verdict allowedBy(String rule, String ruleTarget) {
        return new Verdict(true, rule, ruleTarget, "allowed by " + rule + " (" + ruleTarget + ")", false, false);
    }

    /**
     * The verdict of a rule with {@code http:} constraints: at socket level it allows only the
     * connections of mediated URL-level clients (whose requests are decided with the constraints).
     */
    static Verdict allowedAtUrlLevelBy(String rule, String ruleTarget) {
        return new Verdict(true, rule, ruleTarget, "allowed by " + rule + " (" + ruleTarget + ")", true, false);
    }

    /**
     * The verdict of a rule with {@code proxy: true}: at socket level it allows only the
     * connections of mediated clients, which decide each request's real destination.
     */
    static Verdict allowedAsProxyBy(String rule, String ruleTarget) {
        return new Verdict(true, rule, ruleTarget, "allowed by " + rule + " (" + ruleTarget + ") as a proxy", true, true);
    }

    /** {@code verdict}, allowing at socket level only the connections of mediated URL-level clients. */
    static Verdict atUrlLevelOnly(Verdict verdict) {
        return verdict.urlLevelOnly || !verdict.allowed ? verdict
                : new Verdict(true, verdict.rule, verdict.ruleTarget, verdict.reason, true, verdict.proxy);
    }

    /** An allow that no rule needs to grant. */
    static Verdict allowedWithoutRule(String reason) {
        return new Verdict(true, null, null, reason, false, false);
    }

    /** A deny; {@code rule} names a rule that matched only in part, or is null for the default deny. */
    static Verdict denied(String rule, String ruleTarget, String reason) {
        return new Verdict(false, rule, ruleTarget, reason, false, false);
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

    /**
     * For a socket-level question: allowed only when the connection is a mediated URL-level
     * client's own, for a request decided by URL (the deciding rule has {@code http:} constraints).
     */
    public boolean urlLevelOnly() {
        return urlLevelOnly;
    }

    /** Whether the deciding rule names a proxy ({@code proxy: true}); then {@link #urlLevelOnly()} too. */
    public boolean proxy() {
        return proxy;
    }

    @Override
    public String toString() {
        return (allowed ? "allow: " : "deny: ") + reason;
    }
}
