package dev.warden.policy.decide;

import dev.warden.policy.EgressRule;
import dev.warden.policy.IpLiterals;
import dev.warden.policy.TlsMode;
import java.util.Locale;

/**
 * What {@code tls: required} refuses. At URL level the scheme says it: {@code http} and {@code ws}
 * are plaintext. A raw socket cannot say whether TLS will follow, so a port is judged by what runs
 * there: the well-known plaintext service ports are refused; any other port is taken as the app's
 * TLS (or the app's own protocol) and allowed. A rule with {@code tls: optional} allows plaintext
 * anywhere; without {@code tls:} a rule requires TLS except towards a loopback address.
 */
public final class PlaintextPolicy {

    /**
     * Ports whose standard service speaks plaintext first: http (80), ftp (21), telnet
     * (23), smtp (25), pop3 (110), imap (143), ldap (389). STARTTLS variants must use {@code tls: optional}.
     */
    static final int[] PLAINTEXT_PORTS = {21, 23, 25, 80, 110, 143, 389};

    private PlaintextPolicy() {
    }

    static boolean isPlaintextScheme(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "ws".equalsIgnoreCase(scheme);
    }

    static boolean isPlaintextPort(int port) {
        for (int plaintext : PLAINTEXT_PORTS) {
            if (plaintext == port) {
                return true;
            }
        }
        return false;
    }

    /** {@code localhost}, or an IPv4 (127/8) or IPv6 ({@code ::1}) loopback literal, with or without brackets. */
    public static boolean isLoopbackLiteral(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (bare.equalsIgnoreCase("localhost")) {
            return true;
        }
        long ipv4 = IpLiterals.parseIpv4(bare, 0, bare.length());
        if (ipv4 >= 0) {
            return (ipv4 >>> 24) == 127;
        }
        if (bare.indexOf(':') < 0) {
            return false;
        }
        long[] ipv6 = new long[2];
        if (IpLiterals.parseIpv6(bare, 0, bare.length(), ipv6)) {
            return ipv6[0] == 0 && (ipv6[1] == 1 || IpLiterals.embedsIpv4(ipv6[0], ipv6[1]) && (ipv6[1] & 0xffffffffL) >>> 24 == 127);
        }
        return false;
    }

    /** Whether a 4- or 16-byte address is a loopback address. */
    public static boolean isLoopback(byte[] ip) {
        long ipv4 = IpLiterals.ipv4Of(ip);
        if (ipv4 >= 0) {
            return (ipv4 >>> 24) == 127;
        }
        return ip.length == 16 && IpLiterals.readLong(ip, 0) == 0 && IpLiterals.readLong(ip, 8) == 1;
    }

    /** The verdict for a plaintext URL that {@code allowing} matched. */
    static Verdict checkUrl(Candidate allowing, String scheme, String host, int port) {
        TlsMode tls = allowing.rule.tls();
        return tls != TlsMode.OPTIONAL && (tls == TlsMode.REQUIRED || !isLoopbackLiteral(host))
                ? refusedUrl(allowing.rule, scheme, PolicyEngine.hostAndPort(host, port))
                : allowing.allowVerdict;
    }

    private static Verdict refusedUrl(EgressRule rule, String scheme, String target) {
        return Verdict.denied(rule.id(), rule.to(), "plaintext " + scheme.toLowerCase(Locale.ROOT) + ":// to " + target
                + " refused: " + rule.id() + " (" + rule.to() + ") requires TLS");
    }

    static Verdict refusedPort(EgressRule rule, String target, int port) {
        return Verdict.denied(rule.id(), rule.to(), "plaintext port " + port + " (" + target + ") refused: " + rule.id()
                + " (" + rule.to() + ") requires TLS; set 'tls: optional' on the rule to allow plaintext");
    }
}
