package dev.warden.policy.decide;

import java.util.Arrays;

import dev.warden.policy.EgressRule;
import dev.warden.policy.Glob;
import dev.warden.policy.PortRange;

/** One compiled egress rule, filed under the host or address it names. */
final class Candidate {

    static final Candidate[] NONE = new Candidate[0];

    /** Position in the policy: the lowest allowing one decides. */
    final int order;
    final EgressRule rule;
    /** Pre-built so that allowing allocates nothing. */
    final Verdict allowVerdict;
    /**
     * Whether the rule constrains HTTP methods or paths, or names a proxy: then a socket there must
     * be a mediated client's own connection.
     */
    final boolean urlLevelOnly;
    private final int lowPort;
    private final int highPort;
    private final String[] methods;
    private final Glob[] paths;

    Candidate(int order, EgressRule rule) {
        this.order = order;
        this.rule = rule;
        this.urlLevelOnly = urlLevelOnly(rule);
        this.allowVerdict = rule.proxy() ? Verdict.allowedAsProxyBy(rule.id(), rule.to())
                : urlLevelOnly ? Verdict.allowedAtUrlLevelBy(rule.id(), rule.to()) : Verdict.allowedBy(rule.id(), rule.to());
        PortRange ports = rule.target().ports();
        // "No port" also covers the -1 of a scheme without a known default port.
        this.lowPort = ports.isAny() ? Integer.MIN_VALUE : ports.low();
        this.highPort = ports.isAny() ? Integer.MAX_VALUE : ports.high();
        this.methods = rule.http().methods().toArray(new String[0]);
        this.paths = rule.http().paths().toArray(new Glob[0]);
    }

    static boolean urlLevelOnly(EgressRule rule) {
        return rule.proxy() || !rule.http().methods().isEmpty() || !rule.http().paths().isEmpty();
    }

    boolean allows(MatchLevel level, int port, String method, String path) {
        if (level == MatchLevel.LOOKUP) {
            return true;
        }
        if (port < lowPort || port > highPort) {
            return false;
        }
        return switch (level) {
            case SOCKET -> true;
            case RAW_SOCKET -> !urlLevelOnly;
            default -> allowsMethod(method) && allowsPath(path);
        };
    }

    boolean allowsMethod(String method) {
        if (methods.length == 0) {
            return true;
        }
        for (String allowed : methods) {
            if (allowed.equalsIgnoreCase(method)) {
                return true;
            }
        }
        return false;
    }

    boolean allowsPath(String path) {
        if (paths.length == 0) {
            return true;
        }
        if (HttpPaths.isAmbiguous(path)) {
            return false;
        }
        for (Glob glob : paths) {
            if (glob.matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first candidate of {@code candidates} (sorted by order) that allows, if it comes before
     * {@code best}; otherwise {@code best}.
     */
    static Candidate firstAllowing(Candidate[] candidates, Candidate best, MatchLevel level, int port,
            String method, String path) {
        for (Candidate candidate : candidates) {
            if (best != null && candidate.order >= best.order) {
                return best;
            }
            if (candidate.allows(level, port, method, path)) {
                return candidate;
            }
        }
        return best;
    }

    /** {@code candidates} with {@code candidate} appended; rules are added in order, so it stays sorted. */
    static Candidate[] append(Candidate[] candidates, Candidate candidate) {
        Candidate[] grown = Arrays.copyOf(candidates, candidates.length + 1);
        grown[candidates.length] = candidate;
        return grown;
    }
}
