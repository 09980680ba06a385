package dev.warden.policy;

/** The {@code tls:} setting of an egress rule. */
public enum TlsMode {
    /** {@code tls: required}: plaintext connections are refused. */
    REQUIRED,
    /** {@code tls: optional}: plaintext is allowed. */
    OPTIONAL,
    /** No {@code tls:} given: required unless the connection goes to a loopback address. */
    REQUIRED_UNLESS_LOOPBACK;

    /** Whether plaintext is refused for a destination that is, or is not, a loopback address. */
    public boolean requiresTls(boolean loopbackDestination) {
        return this == REQUIRED || (this == REQUIRED_UNLESS_LOOPBACK && !loopbackDestination);
    }
}
