package dev.warden.policy.decide;

import java.util.List;

import dev.warden.policy.EgressRule;
import dev.warden.policy.HostPattern;
import dev.warden.policy.HostPattern.AnyHost;
import dev.warden.policy.HostPattern.ExactName;
import dev.warden.policy.HostPattern.IpPrefix;
import dev.warden.policy.HostPattern.NameSuffix;

/**
 * Compiles egress rules into matchers. What an egress rule's {@code to} means:
 *
 * <h2>Forms</h2>
 * <ul>
 * <li>{@code host}: that one name. Names are compared ignoring ASCII case; a trailing dot, in the
 * rule or the request, is ignored. International names are written in their {@code xn--} form.</li>
 * <li>{@code *.suffix}: any name ending in {@code .suffix} with one or more labels before it, so
 * {@code *.example.com} matches {@code a.example.com} and {@code a.b.example.com} but not
 * {@code example.com}.</li>
 * <li>{@code *}: every host, names and addresses alike.</li>
 * <li>An IPv4 address ({@code 10.1.2.3}, dotted quad only), an IPv6 address ({@code ::1}), or a
 * CIDR block ({@code 10.0.0.0/8}, {@code fd00::/8}; bits beyond the prefix must be zero).
 * IPv4-mapped ({@code ::ffff:a.b.c.d}) and IPv4-compatible ({@code ::a.b.c.d}) forms mean the IPv4
 * address; {@code ::} and {@code ::1} stay IPv6.</li>
 * </ul>
 * Then optionally {@code :port} or {@code :low-high} (1 to 65535, inclusive); no port means every
 * port. An IPv6 address or block with a port is bracketed: {@code [::1]:8080},
 * {@code [fd00::/8]:443}.
 *
 * <h2>Which rules a request is checked against</h2>
 * <ul>
 * <li>A host name (URL-level, socket-level by name, DNS) is checked against name and
 * {@code *.suffix} rules and {@code *}. IP rules never match a name: a name is allowed by its own
 * rule, and the address it resolves to is checked separately, at connect time.</li>
 * <li>An IP address, given as bytes or as literal host text, is checked against IP and CIDR rules
 * and {@code *}. IPv4-mapped and IPv4-compatible IPv6 addresses are matched as IPv4. Host text that
 * is neither a dotted-quad IPv4 nor a valid IPv6 literal is a name.</li>
 * <li>Loopback gets no special treatment: it is allowed only by a rule.</li>
 * </ul>
 *
 * <h2>Deciding</h2>
 * Rules form a union: the deciding rule is the first rule in file order that allows the request;
 * when none does, the request is denied (default deny). {@code http:} method and path constraints
 * apply only to URL-level decisions; sockets and DNS cannot see them. Methods compare ignoring case.
 * Paths are {@link dev.warden.policy.Glob}s ({@code *} within one segment, {@code **} across
 * segments); an empty path is {@code /}. A path with a {@code .} or {@code ..} segment, a backslash,
 * or a percent-escaped {@code .}, {@code /} or {@code \} never matches a path constraint, since a
 * server may resolve it to a different path than the one checked. A DNS lookup of a name is allowed
 * when some rule could allow that name on some port; a lookup of an IP literal is always allowed
 * (nothing is resolved).
 *
 * <h2>Cost</h2>
 * A decision probes the name trie once per label, walks the address trie at most once per address
 * bit, and checks only the rules filed where it goes, so it does not grow with the number of rules.
 * Allowing allocates nothing.
 */
public final class EgressCompiler {

    private EgressCompiler() {
    }

    public static EgressMatcher compile(List<EgressRule> rules) {
        HostTrie names = new HostTrie();
        AddressTrie ipv4 = new AddressTrie(32);
        AddressTrie ipv6 = new AddressTrie(128);
        Candidate[] anyHost = Candidate.NONE;
        for (int order = 0; order < rules.size(); order++) {
            Candidate candidate = new Candidate(order, rules.get(order));
            HostPattern host = candidate.rule.target().host();
            if (host instanceof AnyHost) {
                anyHost = Candidate.append(anyHost, candidate);
            } else if (host instanceof ExactName name) {
                names.addExact(name.name(), candidate);
            } else if (host instanceof NameSuffix suffix) {
                names.addSuffix(suffix.suffix(), candidate);
            } else if (host instanceof IpPrefix prefix && prefix.ipv6()) {
                ipv6.add(prefix.high(), prefix.low(), prefix.prefixLength(), candidate);
            } else if (host instanceof IpPrefix prefix) {
                ipv4.add(AddressTrie.ipv4Key(prefix.low()), 0, prefix.prefixLength(), candidate);
            }
        }
        return new EgressMatcher(names, ipv4, ipv6, anyHost);
    }
}
