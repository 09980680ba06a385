package dev.warden.policy;

import java.util.Locale;

/** What the agent does with a deny decision. */
public enum Mode {
    /** Deny: the call fails. */
    ENFORCE,
    /** Log the would-be denial, block nothing. */
    AUDIT,
    /** Record what the app does, to suggest a least-privilege policy. */
    LEARN;

    /** The name as written in a policy file: {@code enforce}, {@code audit}, {@code learn}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
