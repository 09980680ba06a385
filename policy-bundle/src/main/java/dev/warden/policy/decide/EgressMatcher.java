package dev.warden.policy.decide;

import dev.warden.policy.IpLiterals;

/**
 * The compiled egress rules of one policy: host names in a {@link HostTrie}, addresses and blocks in
 * one {@link AddressTrie} per IP version, and the {@code *} rules that match every host. Finds the
 * first rule in policy order that allows a request, without allocating.
 */
public final class EgressMatcher {

    /** Scratch for parsing IPv6 host text without allocating: {high, low}. */
    private static final ThreadLocal<long[]> IPV6_SCRATCH = ThreadLocal.withInitial(() -> new long[2]);

    private final HostTrie names;
    private final AddressTrie ipv4;
    private final AddressTrie ipv6;
    private final Candidate[] anyHost;

    EgressMatcher(HostTrie names, AddressTrie ipv4, AddressTrie ipv6, Candidate[] anyHost) {
        this.names = names;
        this.ipv4 = ipv4;
        this.ipv6 = ipv6;
        this.anyHost = anyHost;
    }

    /**
     * The first rule that allows {@code host} (a name or an IP literal, IPv6 with or without
     * brackets), or null. Names are looked up without a trailing dot and ignoring ASCII case.
     */
    Candidate find(String host, MatchLevel level, int port, String method, String path) {
        int length = host.length();
        if (length >= 2 && host.charAt(0) == '[' && host.charAt(length - 1) == ']') {
            return findIpv6Text(host, 1, length - 1, level, port, method, path);
        }
        long address = IpLiterals.parseIpv4(host, 0, length);
        if (address >= 0) {
            return findIpv4(address, level, port, method, path);
        }
        if (host.indexOf(':') >= 0) {
            return findIpv6Text(host, 0, length, level, port, method, path);
        }
        int end = length > 0 && host.charAt(length - 1) == '.' ? length - 1 : length;
        Candidate best = Candidate.firstAllowing(anyHost, null, level, port, method, path);
        return names.firstAllowing(host, 0, end, best, level, port, method, path);
    }

    /** The first rule that allows the IPv4 address, or null. */
    Candidate findIpv4(long address, MatchLevel level, int port, String method, String path) {
        Candidate best = Candidate.firstAllowing(anyHost, null, level, port, method, path);
        return ipv4.firstAllowing(AddressTrie.ipv4Key(address), 0, best, level, port, method, path);
    }

    /** The first rule that allows the IPv6 address, matched as IPv4 if it embeds one; or null. */
    Candidate findIpv6(long high, long low, MatchLevel level, int port, String method, String path) {
        if (IpLiterals.embedsIpv4(high, low)) {
            return findIpv4(low & 0xffffffffL, level, port, method, path);
        }
        Candidate best = Candidate.firstAllowing(anyHost, null, level, port, method, path);
        return ipv6.firstAllowing(high, low, best, level, port, method, path);
    }

    /** Whether {@code host} is an IPv4 or IPv6 literal (IPv6 with or without brackets, with or without zone). */
    static boolean isIpLiteral(String host) {
        int length = host.length();
        if (IpLiterals.parseIpv4(host, 0, length) >= 0) {
            return true;
        }
        if (host.indexOf(':') < 0) {
            return false;
        }
        boolean bracketed = length >= 2 && host.charAt(0) == '[' && host.charAt(length - 1) == ']';
        int from = bracketed ? 1 : 0;
        return IpLiterals.parseIpv6(host, from, withoutZone(host, from, bracketed ? length - 1 : length),
                IPV6_SCRATCH.get());
    }

    /** Text that is not a valid IPv6 literal is a (malformed) name that only {@code *} rules match. */
    private Candidate findIpv6Text(String host, int from, int to, MatchLevel level, int port, String method,
            String path) {
        long[] address = IPV6_SCRATCH.get();
        if (IpLiterals.parseIpv6(host, from, withoutZone(host, from, to), address)) {
            return findIpv6(address[0], address[1], level, port, method, path);
        }
        return Candidate.firstAllowing(anyHost, null, level, port, method, path);
    }

    /** The end of the address before a {@code %zone} (the zone does not change which host it is). */
    private static int withoutZone(String host, int from, int to) {
        int percent = host.indexOf('%', from);
        return percent >= 0 && percent < to ? percent : to;
    }
}
