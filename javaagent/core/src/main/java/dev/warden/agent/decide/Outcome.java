package dev.warden.agent.decide;

/** What happens to an access: the value of the {@code warden.decision} span attribute. */
public enum Outcome {
    ALLOW("allow"),
    DENY("deny"),
    /** The policy would deny, but its mode (audit, learn) only records. */
    AUDIT_DENY("audit-deny");

    private final String label;

    Outcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean blocks() {
        return this == DENY;
    }
}
