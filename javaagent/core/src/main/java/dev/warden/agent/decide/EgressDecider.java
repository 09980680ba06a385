package dev.warden.agent.decide;

import dev.warden.policy.EgressRule;
import dev.warden.policy.PolicySections;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Scope;
import dev.warden.policy.decide.UrlPorts;
import dev.warden.policy.decide.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Egress decisions for the hooks: the policy engine's verdicts, combined with what mediated DNS
 * lookups returned, and the policy's mode applied (enforce blocks; audit and learn only record).
 */
public final class EgressDecider {

    /** One instance for every use: each {@code System::nanoTime} written out spins a class of its own at start. */
    private static final LongSupplier CLOCK = System::nanoTime;

    private final ResolvedNames resolvedNames;
    private final UrlLevelConnections urlLevelConnections = new UrlLevelConnections(CLOCK);
    /** Made at the first denied connect: a class fewer at start. */
    private volatile OwnListeners ownListeners;
    private volatile ActivePolicy active;
    private volatile EgressBudgets budgets;
    private volatile Map<String, String> destinations;

    public EgressDecider(ActivePolicy active, ResolvedNames resolvedNames) {
        this.active = active;
        this.budgets = EgressBudgets.of(active.engine().policy(), CLOCK);
        this.destinations = destinations(active);
        this.resolvedNames = resolvedNames;
    }

    public ActivePolicy active() {
        return active;
    }

    /** Puts a new policy in force; decisions already under way finish with the old one. */
    public void replace(ActivePolicy next) {
        this.budgets = EgressBudgets.of(next.engine().policy(), CLOCK);
        this.destinations = destinations(next);
        this.active = next;
    }

    /** May this name be resolved: some rule could allow it (localhost and the machine's name always). */
    public Decision lookup(String host) {
        ActivePolicy policy = active;
        AccessScope scope = AccessScope.current(policy);
        return lookup(policy, AccessScope.rulesOf(scope), host).in(AccessScope.labelOf(scope));
    }

    private static Decision lookup(ActivePolicy policy, Scope scope, String host) {
        Verdict verdict = policy.engine().decideLookup(host, scope);
        if (verdict.allowed()) {
            return allowed(policy, verdict);
        }
        if (LocalHostNames.isLocal(host)) {
            return new Decision(Outcome.ALLOW, "local-host-name",
                    "the machine's own name and localhost are always resolvable", policy);
        }
        return denied(policy, verdict.rule(), verdict.reason());
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
        return connect(address, port, false);
    }

    /**
     * As {@link #connect(InetAddress, int)}; {@code toDecidedDestination}: the connect is to a
     * proxy (SOCKS, or a Netty proxy handler's) whose destination was decided, which a
     * {@code proxy: true} rule takes.
     */
    public Decision connect(InetAddress address, int port, boolean toDecidedDestination) {
        ActivePolicy policy = active;
        AccessScope scope = AccessScope.current(policy);
        return connect(policy, AccessScope.rulesOf(scope), address, port, toDecidedDestination).in(AccessScope.labelOf(scope));
    }

    /**
     * The destination a SOCKS proxy is asked for: an address as at connect, a name the proxy
     * resolves by the rules for that name (no lookup here tells what it resolves to).
     */
    public Decision connectThroughProxy(InetSocketAddress destination) {
        ActivePolicy policy = active;
        AccessScope scope = AccessScope.current(policy);
        Scope rules = AccessScope.rulesOf(scope);
        int port = destination.getPort();
        Decision decision;
        if (destination.getAddress() != null) {
            decision = connect(policy, rules, destination.getAddress(), port, false);
        } else {
            String host = destination.getHostString();
            Verdict byName = policy.engine().decideHostPort(host, port, false, rules);
            decision = byName.allowed() ? allowedSocket(policy, byName, null, new String[] {host}, port, false)
                    : denied(policy, byName.rule(), byName.reason());
        }
        return decision.in(AccessScope.labelOf(scope));
    }

    private Decision connect(ActivePolicy policy, Scope scope, InetAddress address, int port, boolean toDecidedDestination) {
        PolicyEngine engine = policy.engine();
        Verdict byAddress = engine.decideAddress(address.getAddress(), port, scope);
        String[] names = resolvedNames.namesOf(address);
        if (byAddress.allowed()) {
            return allowedSocket(policy, byAddress, address, names, port, toDecidedDestination);
        }
        boolean loopback = address.isLoopbackAddress();
        for (String name : names) {
            Verdict byName = engine.decideHostPort(name, port, loopback, scope);
            if (byName.allowed()) {
                return allowedSocket(policy, byName, address, names, port, toDecidedDestination);
            }
        }
        String claimed = claimedName(address);
        if (claimed != null && !contains(names, claimed) && engine.decideHostPort(claimed, port).allowed()) {
            return denied(policy, null, address.getHostAddress() + " was not returned by a lookup of " + claimed
                    + ", so the rule for " + claimed + " does not apply");
        }
        if (names.length > 0) {
            Verdict byName = engine.decideHostPort(names[0], port, loopback, scope);
            return denied(policy, byName.rule(), byName.reason());
        }
        return denied(policy, byAddress.rule(), byAddress.reason());
    }

    /**
     * A TCP connect the policy does not allow, to a socket this process itself listens on at an address of
     * this machine (Tomcat's own shutdown connect): allowed whatever the policy says, since it does not leave
     * the process; null for any other.
     */
    public Decision toOwnListener(InetAddress address, int port) {
        OwnListeners listeners = ownListeners;
        if (listeners == null) {
            listeners = OwnListeners.ofProcess();
            ownListeners = listeners;
        }
        if (!listeners.listening(address, port)) {
            return null;
        }
        return new Decision(Outcome.ALLOW, "jvm:own-listener", "a connect to a port this process itself listens on, at an"
                + " address of this machine, does not leave the process", active);
    }

    /**
     * A rule with {@code http:} constraints decides requests, not sockets: a connection there is
     * allowed only as a mediated client's own, for a request that rule allowed. A proxy rule takes
     * only connections whose real destination is decided: a SOCKS connect or a Netty proxy
     * handler's, whose destination was decided just now, or a client's that decides each request
     * going through an HTTP proxy by its URL.
     */
    private Decision allowedSocket(ActivePolicy policy, Verdict verdict, InetAddress address, String[] names, int port,
            boolean toDecidedDestination) {
        if (verdict.proxy()) {
            if (!toDecidedDestination && !UrlLevelConnections.inUrlProxyingClientCode()) {
                return denied(policy, verdict.rule(), verdict.rule() + " (" + verdict.ruleTarget() + ") is a proxy, so only"
                        + " Warden-mediated clients may connect to it, each real destination decided; this socket is not one");
            }
        } else if (verdict.urlLevelOnly() && !urlLevelConnections.owns(address, names, port)) {
            return denied(policy, verdict.rule(), verdict.rule() + " (" + verdict.ruleTarget() + ") has http: constraints, so"
                    + " it allows only the connections of Warden-mediated HTTP clients for requests it allowed;"
                    + " this socket is not one");
        }
        return withinBudget(policy, verdict, false);
    }

    /** Whether a mediated lookup of {@code host} returned {@code address}. */
    public boolean resolvedTo(String host, InetAddress address) {
        return contains(resolvedNames.namesOf(address), host);
    }

    /** A request of a URL-level client: scheme, host, port, method and path. */
    public Decision http(URI uri, String method) {
        ActivePolicy policy = active;
        AccessScope scope = AccessScope.current(policy);
        Verdict verdict = httpVerdict(policy, scope, uri, method);
        Decision decision = verdict.allowed() ? withinBudget(policy, verdict, true)
                : denied(policy, verdict.rule(), verdict.reason());
        // a rule may be URL-level only in a scope: every allowed request is remembered, when any rule is
        if (decision.outcome() == Outcome.ALLOW && uri.getHost() != null && policy.engine().decidesSocketsAtUrlLevel()) {
            urlLevelConnections.requestAllowed(uri.getHost(), UrlPorts.of(uri));
        }
        return decision.in(AccessScope.labelOf(scope));
    }

    /**
     * Another authority a request names (its {@code Host} header): decided like the request, but
     * it spends no budget and vouches for no connection, since nothing connects there.
     */
    public Decision httpAuthority(URI uri, String method) {
        ActivePolicy policy = active;
        AccessScope scope = AccessScope.current(policy);
        Verdict verdict = httpVerdict(policy, scope, uri, method);
        Decision decision = verdict.allowed() ? allowed(policy, verdict) : denied(policy, verdict.rule(), verdict.reason());
        return decision.in(AccessScope.labelOf(scope));
    }

    /** A request whose {@code Host} header cannot be read as {@code host[:port]}. */
    public Decision unreadableAuthority(String hostHeader) {
        ActivePolicy policy = active;
        AccessScope scope = AccessScope.current(policy);
        return denied(policy, null, "'" + hostHeader + "' is not host[:port]").in(AccessScope.labelOf(scope));
    }

    private static Verdict httpVerdict(ActivePolicy policy, AccessScope scope, URI uri, String method) {
        String path = uri.getRawPath();
        return policy.engine().decideHttp(uri.getScheme(), uri.getHost(), uri.getPort(), method,
                path == null ? "" : path, AccessScope.rulesOf(scope));
    }

    /** Whether bytes out must be counted for the budgets of the policy in force. */
    public boolean budgetsBytes() {
        return budgets.budgetsBytes();
    }

    /**
     * The rule that allows traffic to {@code address:port} (as at connect, without spending the
     * request budget), or null when none does.
     */
    public String allowingRule(InetAddress address, int port) {
        PolicyEngine engine = active.engine();
        Verdict byAddress = engine.decideAddress(address.getAddress(), port);
        if (byAddress.allowed()) {
            return byAddress.rule();
        }
        for (String name : resolvedNames.namesOf(address)) {
            Verdict byName = engine.decideHostPort(name, port, address.isLoopbackAddress());
            if (byName.allowed()) {
                return byName.rule();
            }
        }
        return null;
    }

    /** Null while {@code rule}'s bytes-out budget has room, else the denial. */
    public Decision bytesOutRefused(String rule) {
        String overBudget = budgets.bytesRefused(rule);
        return overBudget == null ? null : denied(active, rule, overBudget);
    }

    public void bytesSent(String rule, long bytes) {
        budgets.spendBytes(rule, bytes);
    }

    /** The {@code to:} of an egress rule, by its id. */
    public String destinationOf(String rule) {
        return destinations.get(rule);
    }

    private static Map<String, String> destinations(ActivePolicy policy) {
        Map<String, String> byRule = new HashMap<>();
        for (EgressRule rule : policy.engine().policy().rules().get(PolicySections.EGRESS)) {
            byRule.put(rule.id(), rule.to());
        }
        return Map.copyOf(byRule);
    }

    /** The name an InetAddress carries without a reverse lookup: what the app asked for, or null. */
    public static String claimedName(InetAddress address) {
        String text = address.toString();
        int slash = text.indexOf('/');
        return slash > 0 ? text.substring(0, slash) : null;
    }

    private Decision withinBudget(ActivePolicy policy, Verdict verdict, boolean urlLevel) {
        String overBudget = budgets.takeRequest(verdict.rule(), urlLevel);
        return overBudget == null ? allowed(policy, verdict) : denied(policy, verdict.rule(), overBudget);
    }

    private static Decision allowed(ActivePolicy policy, Verdict verdict) {
        return new Decision(Outcome.ALLOW, verdict.rule(), verdict.reason(), policy);
    }

    private static Decision denied(ActivePolicy policy, String rule, String reason) {
        return Decision.denied(rule, reason, policy, null);
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
