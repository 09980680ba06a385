package dev.warden.policy.learn;

import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.UrlPorts;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Egress: one rule per destination, with the methods and paths seen for URL-level requests.
 * Targets are a URL (action = the method), {@code host:port} (connect, send) or a host (resolve).
 */
public final class EgressLearner implements RuleLearner {

    private final Map<String, Destination> destinations = new TreeMap<>();

    @Override
    public void observe(String action, String target, String detail) {
        URI uri = action.equals("connect") || action.equals("send") || action.equals("resolve") ? null : urlWithHost(target);
        if (uri == null) {
            // host:port or a host (a TLS handshake, a write and a connect through a proxy name host:port too); a target
            // no rule can name is kept as a commented line, like any other
            destinations.computeIfAbsent(expressible(target), Destination::new).sockets++;
            return;
        }
        int port = UrlPorts.of(uri);
        String host = uri.getHost().startsWith("[") || !uri.getHost().contains(":") ? uri.getHost() : "[" + uri.getHost() + "]";
        Destination destination = destinations.computeIfAbsent(expressible(host + ":" + port), Destination::new);
        destination.requests++;
        destination.methods.add(action.toUpperCase(Locale.ROOT));
        destination.paths.add(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
        destination.plaintext |= uri.getScheme().equalsIgnoreCase("http");
    }

    /** {@code target} as a URL with a scheme and a host, or null when it is not one. */
    private static URI urlWithHost(String target) {
        try {
            URI uri = new URI(target);
            return uri.getHost() == null || uri.getScheme() == null ? null : uri;
        } catch (URISyntaxException notAUrl) {
            return null;
        }
    }

    @Override
    public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
        // a name only looked up is covered by any rule for that name
        List<Destination> kept = destinations.values().stream()
                .filter(d -> d.requests > 0 || d.target.contains(":")
                        || destinations.keySet().stream().noneMatch(other -> other.startsWith(d.target + ":")))
                .toList();
        if (kept.isEmpty()) {
            return;
        }
        yaml.append(indent).append("egress:\n");
        for (Destination destination : kept) {
            String refused = refusal(destination.target);
            if (refused != null) { // kept as a comment, so that nothing seen goes unmentioned
                yaml.append(indent).append("  # - to: ").append(RuleLearner.quote(destination.target)).append("      # ")
                        .append(destination.describe()).append("; not written as a rule: ").append(refused).append('\n');
                continue;
            }
            yaml.append(indent).append("  - to: ").append(RuleLearner.quote(destination.target)).append("      # ")
                    .append(destination.describe()).append('\n');
            if (destination.plaintext && !destination.loopback()) {
                yaml.append(indent).append("    tls: optional      # plaintext http was seen\n");
            }
            if (destination.requests > 0) { // raw sockets to the same host and port are allowed by to: alone
                List<String> paths = new ArrayList<>(PathCollapser.collapse(destination.paths, Set.of()).keySet());
                yaml.append(indent).append("    http: { methods: ").append(destination.methods).append(", paths: ")
                        .append(RuleLearner.quotedList(paths)).append(" }\n");
            }
        }
    }

    /**
     * The target as a rule can say it: an IPv6 zone id ({@code [fe80::1%eth0]:8080}) is dropped, as rules
     * match the address (a zone names the interface the address is reached through, not another address).
     */
    static String expressible(String target) {
        int zone = target.indexOf('%');
        int close = target.indexOf(']');
        if (target.startsWith("[") && zone > 0 && close > zone) {
            return target.substring(0, zone) + target.substring(close);
        }
        return target;
    }

    /** Why the policy format refuses {@code target}, or null when a rule can name it. */
    private static String refusal(String target) {
        try {
            PolicyParser.parse("policy: probe\negress:\n  - to: " + RuleLearner.quote(target) + "\n", "suggested rule");
            return null;
        } catch (PolicyException refused) {
            return refused.getMessage();
        }
    }

    private static final class Destination {
        final String target;
        final Set<String> methods = new TreeSet<>();
        final Set<String> paths = new TreeSet<>();
        long requests;
        long sockets;
        boolean plaintext;

        Destination(String target) {
            this.target = target;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (requests > 0) {
                parts.add(requests + " request(s)");
            }
            if (sockets > 0) {
                parts.add(sockets + " socket access(es)");
            }
            return String.join(", ", parts);
        }

        boolean loopback() {
            return target.startsWith("localhost") || target.startsWith("127.") || target.startsWith("[::1]");
        }
    }
}
