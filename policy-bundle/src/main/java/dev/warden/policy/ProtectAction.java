package dev.warden.policy;

/** What happens to values a detector finds in data leaving for a destination. */
public enum ProtectAction {
    /** Replaced by a fixed mask. */
    REDACT,
    /** Encrypted into a reversible token. */
    TOKENIZE,
    /** The request is refused. */
    BLOCK,
    /** Sent as is. */
    ALLOW
}
