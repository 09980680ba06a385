package dev.warden.policy;

/**
 * What an encryption zone does with a file that is not in Warden's zone format: plaintext that was
 * there before the zone existed ({@code legacy_plaintext:} on a {@code files} rule with {@code encrypt: true}).
 */
public enum LegacyPlaintext {
    /** The default: the read fails, naming the migration command. */
    REFUSE,
    /** Read as plaintext, each read recorded as a legacy plaintext read (a migration aid). */
    READ
}
