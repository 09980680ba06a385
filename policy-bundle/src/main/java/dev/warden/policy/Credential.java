package dev.warden.policy;

import java.util.Locale;

/**
 * One {@code credentials:} entry: the app holds only {@link #placeholder()}, and Warden puts the real value, read from
 * {@link #source()}, in its place in requests to {@link #target()}.
 *
 * @param name   the credential's name (lower-case letters, digits, {@code _})
 * @param source where the real value is read from
 * @param to     the {@code to} as written
 * @param target the destinations whose requests get the real value (the egress {@code to} syntax)
 * @param line   the 1-based line of the entry
 */
public record Credential(String name, Source source, String to, EgressTarget target, int line) {

    /** The text the app is given in place of the secret. */
    public static final String PLACEHOLDER_PREFIX = "wdn_cred_";

    /** Where the real value comes from: {@code env:NAME}, {@code file:PATH} or {@code keys:NAME} (the data-keys file). */
    public record Source(Scheme scheme, String reference) {
        @Override
        public String toString() {
            return scheme.name().toLowerCase(Locale.ROOT) + ":" + reference;
        }
    }

    public enum Scheme { ENV, FILE, KEYS }

    /** The rule id in spans, messages and the audit log: {@code credentials[llm]}. */
    public String id() {
        return "credentials[" + name + "]";
    }

    public String placeholder() {
        return PLACEHOLDER_PREFIX + name;
    }

    /** Whether a request to {@code host} (lower case; an IP literal without brackets) and {@code port} gets the value. */
    public boolean reaches(String host, int port) {
        if (!target.ports().contains(port)) {
            return false;
        }
        String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        HostPattern pattern = target.host();
        if (pattern instanceof HostPattern.ExactName exact) {
            return exact.name().equals(name);
        }
        if (pattern instanceof HostPattern.NameSuffix suffix) {
            return name.endsWith("." + suffix.suffix());
        }
        if (pattern instanceof HostPattern.IpPrefix prefix) {
            return inPrefix(prefix, name);
        }
        return true;
    }

    private static boolean inPrefix(HostPattern.IpPrefix prefix, String host) {
        if (!prefix.ipv6()) {
            long address = IpLiterals.parseIpv4(host, 0, host.length());
            int shift = 32 - prefix.prefixLength();
            return address >= 0 && (shift == 32 || (address >>> shift) == (prefix.low() >>> shift));
        }
        long[] address = new long[2];
        if (!IpLiterals.parseIpv6(host, 0, host.length(), address)) {
            return false;
        }
        int bits = prefix.prefixLength();
        long highMask = bits >= 64 ? -1L : bits == 0 ? 0 : -1L << (64 - bits);
        long lowMask = bits <= 64 ? 0 : bits == 128 ? -1L : -1L << (128 - bits);
        return (address[0] & highMask) == prefix.high() && (address[1] & lowMask) == prefix.low();
    }
}
