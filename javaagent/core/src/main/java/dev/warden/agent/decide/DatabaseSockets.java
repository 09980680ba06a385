package dev.warden.agent.decide;

import dev.warden.policy.decide.JdbcTarget;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * How {@code databases} and {@code egress} meet: while an allowed {@code Driver.connect} runs, the
 * DNS lookups of its URL's hosts and the socket connects to those hosts' ports are allowed by the
 * database rule, on that thread and the threads it starts meanwhile (a driver's connect thread),
 * and for nothing else. Once connect returns, the database's host and port are as closed to other
 * code as before: another socket to them needs an egress rule of its own.
 */
public final class DatabaseSockets {

    /** The servers one allowed connect may reach, and the decision that allowed it. */
    public static final class Scope {
        private final List<JdbcTarget.Endpoint> endpoints;
        private final Decision decision;
        private final Scope outer;
        private volatile boolean open = true;

        private Scope(List<JdbcTarget.Endpoint> endpoints, Decision decision, Scope outer) {
            this.endpoints = endpoints;
            this.decision = decision;
            this.outer = outer;
        }
    }

    private final InheritableThreadLocal<Scope> current = new InheritableThreadLocal<>();
    private final EgressDecider egress;

    public DatabaseSockets(EgressDecider egress) {
        this.egress = egress;
    }

    /** Opens the scope of an allowed connect on this thread; null when the target has no servers. */
    public Scope open(JdbcTarget target, Decision allowed) {
        if (target.endpoints().isEmpty()) {
            return null;
        }
        Scope scope = new Scope(target.endpoints(), allowed, current.get());
        current.set(scope);
        return scope;
    }

    public void close(Scope scope) {
        scope.open = false;
        current.set(scope.outer);
    }

    /** The database rule's decision when an open scope on this thread covers {@code host}; else null. */
    public Decision lookup(String host) {
        Scope scope = current.get();
        if (scope == null || !scope.open) {
            return null;
        }
        for (JdbcTarget.Endpoint endpoint : scope.endpoints) {
            if (endpoint.host().equalsIgnoreCase(host)) {
                return scope.decision;
            }
        }
        return null;
    }

    /** The database rule's decision when an open scope on this thread covers this address and port; else null. */
    public Decision connect(InetAddress address, int port) {
        Scope scope = current.get();
        if (scope == null || !scope.open) {
            return null;
        }
        for (JdbcTarget.Endpoint endpoint : scope.endpoints) {
            if (endpoint.port() == port && (isLiteral(endpoint.host(), address) || egress.resolvedTo(endpoint.host(), address))) {
                return scope.decision;
            }
        }
        return null;
    }

    private static boolean isLiteral(String host, InetAddress address) {
        if (host.indexOf(':') < 0 && !host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return false;
        }
        try {
            return InetAddress.getByName(host).equals(address); // a literal: parsed, never looked up
        } catch (UnknownHostException notALiteral) {
            return false;
        }
    }
}
