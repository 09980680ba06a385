package dev.warden.agent.decide;

import dev.warden.policy.Mode;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Verdict;
import java.net.InetAddress;
import java.net.URI;

/**
 * Egress decisions for the hooks: the policy engine's verdicts, combined with what mediated DNS
 * lookups returned, and the policy's mode applied (enforce blocks; audit and learn only record).
 */
public final class EgressDecider {

    private final PolicyEngine engine;
    private final ResolvedNames resolvedNames;
    private final boolean enforcing;

    public EgressDecider(PolicyEngine engine, ResolvedNames resolvedNames) {
        this.engine = engine;
        this.resolvedNames = resolvedNames;
        this.enforcing = engine.policy().mode() == Mode.ENFORCE;
    }

    /** May this name be resolved: some rule could allow it (localhost and the machine's name always). */
    public Decision lookup(String host) {
        Verdict verdict = engine.decideLookup(host);
        if (verdict.allowed()) {
            return allowed(verdict);
        }
        if (LocalHostNames.isLocal(host)) {
            return new Decision(Outcome.ALLOW, "local-host-name", "the machine's own name and localhost are always resolvable");
        }
        return denied(verdict.rule(), verdict.reason());
    }

    /** A lookup of {@code host} returned these addresses. */
    public void resolved(String host, InetAddress[] addresses) {
        resolvedNames.record(host, addresses);
    }

    /**
     * A socket connect or datagram to an address: allowed by an address rule, or by a name rule
     * for a name whose mediated lookup returned this very address.
     */
    public Decision connect(InetAddress address, int port) {
        Verdict byAddress = engine.decideAddress(address.getAddress(), port);
        if (byAddress.allowed()) {
            return allowed(byAddress);
        }
        String[] names = resolvedNames.namesOf(address);
        for (String name : names) {
            Verdict byName = engine.decideHostPort(name, port);
            if (byName.allowed()) {
                return allowed(byName);
            }
        }
        String claimed = claimedName(address);
        if (claimed != null && !contains(names, claimed) && engine.decideHostPort(claimed, port).allowed()) {
            return denied(null, address.getHostAddress() + " was not returned by a lookup of " + claimed
                    + ", so the rule for " + claimed + " does not apply");
        }
        if (names.length > 0) {
            Verdict byName = engine.decideHostPort(names[0], port);
            return denied(byName.rule(), byName.reason());
        }
        return denied(byAddress.rule(), byAddress.reason());
    }

    /** A request of a URL-level client: scheme, host, port, method and path. */
    public Decision http(URI uri, String method) {
        String path = uri.getRawPath();
        Verdict verdict = engine.decideHttp(uri.getScheme(), uri.getHost(), uri.getPort(), method,
                path == null ? "" : path);
        return verdict.allowed() ? allowed(verdict) : denied(verdict.rule(), verdict.reason());
    }

    /** The name an InetAddress carries without a reverse lookup: what the app asked for, or null. */
    public static String claimedName(InetAddress address) {
        String text = address.toString();
        int slash = text.indexOf('/');
        return slash > 0 ? text.substring(0, slash) : null;
    }

    private static Decision allowed(Verdict verdict) {
        return new Decision(Outcome.ALLOW, verdict.rule(), verdict.reason());
    }

    private Decision denied(String rule, String reason) {
        return new Decision(enforcing ? Outcome.DENY : Outcome.AUDIT_DENY,
                rule == null ? Decision.DEFAULT_DENY : rule, reason);
    }

    private static boolean contains(String[] names, String name) {
        String normal = ResolvedNames.normalise(name);
        for (String candidate : names) {
            if (candidate.equals(normal)) {
                return true;
            }
        }
        return false;
    }
}
