package dev.warden.agent.decide;

import dev.warden.policy.IpLiterals;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which socket connections are a mediated URL-level client's own, for destinations whose rule
 * allows sockets only at URL level (it has {@code http:} constraints): the connect runs inside a
 * mediated client's connection code, and that client's request to this destination was decided
 * and allowed by URL moments before. A raw socket the app opens itself is neither.
 */
public final class UrlLevelConnections {

    /** How long after an allowed request its client may open the connection for it (pool waits included). */
    static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int CLEAN_ABOVE = 1024;

    /**
     * The code that opens the connections of the clients Warden decides per request: the JDK
     * HttpClient, HttpURLConnection, OkHttp, Apache HttpClient 5 (classic and async), here, whose
     * requests through an HTTP proxy are decided by URL, and Reactor Netty (whose connects run on
     * Netty's event loop from its bootstrap) below. OkHttp's is assembled at run time: Warden
     * carries its own OkHttp, relocated, and relocation would rewrite the literal.
     */
    private static final String[] URL_PROXYING_CLIENT_CODE = {
        "jdk.internal.net.http.",
        "sun.net.www.http.HttpClient",
        String.join(".", String.join("", "okhttp", "3"), "internal", "connection", ""),
        "org.apache.hc.client5.http.impl.io.",
        "org.apache.hc.client5.http.impl.nio.",
        "org.apache.hc.core5.reactor.",
    };
    /**
     * Reactor Netty's: it reaches a proxy only through Netty's proxy handlers, which decide the
     * destination themselves, so this code does not vouch for a connect to a proxy (a handshake
     * written by hand).
     */
    private static final String[] NETTY_CLIENT_CODE = {
        "reactor.netty.transport.",
        "io.netty.bootstrap.",
    };

    private static final StackWalker STACK = StackWalker.getInstance();

    private final Map<String, Long> allowedAt = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    public UrlLevelConnections(LongSupplier clock) {
        this.clock = clock;
    }

    /** A URL-level request to {@code host:port} was allowed by a rule with {@code http:} constraints. */
    public void requestAllowed(String host, int port) {
        if (allowedAt.size() > CLEAN_ABOVE) {
            long now = clock.getAsLong();
            allowedAt.values().removeIf(at -> now - at > WINDOW_NANOS);
        }
        allowedAt.put(key(host, port), clock.getAsLong());
    }

    /**
     * Whether this connect, to an address reached by {@code names} (null: a name a proxy resolves),
     * is a mediated client's connection for an allowed request.
     */
    public boolean owns(InetAddress address, String[] names, int port) {
        return recentlyAllowed(address, names, port) && inClientConnectionCode();
    }

    /** Whether a request to this address, or to a name it was reached by, was allowed within the window. */
    boolean recentlyAllowed(InetAddress address, String[] names, int port) {
        long now = clock.getAsLong();
        if (address != null && within(allowedAt.get(key(address, port)), now)) {
            return true;
        }
        for (String name : names) {
            if (within(allowedAt.get(key(name, port)), now)) {
                return true;
            }
        }
        return false;
    }

    private static boolean within(Long at, long now) {
        return at != null && now - at <= WINDOW_NANOS;
    }

    /** Whether the connect runs inside the connection code of a client Warden decides per request. */
    static boolean inClientConnectionCode() {
        return STACK.walk(frames -> frames.anyMatch(frame -> isClientConnectionCode(frame.getClassName())));
    }

    /**
     * Whether the connect runs inside the connection code of a client whose requests through an
     * HTTP proxy are decided by their URL (the JDK's clients, OkHttp, Apache HttpClient 5).
     */
    static boolean inUrlProxyingClientCode() {
        return STACK.walk(frames -> frames.anyMatch(frame -> isUrlProxyingClientCode(frame.getClassName())));
    }

    static boolean isClientConnectionCode(String className) {
        return isUrlProxyingClientCode(className) || startsWithOneOf(className, NETTY_CLIENT_CODE);
    }

    static boolean isUrlProxyingClientCode(String className) {
        return startsWithOneOf(className, URL_PROXYING_CLIENT_CODE);
    }

    private static boolean startsWithOneOf(String className, String[] prefixes) {
        for (String prefix : prefixes) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** A name in lower case without a trailing dot; an IP literal in one canonical form. */
    static String key(String host, int port) {
        int length = host.length();
        boolean bracketed = length >= 2 && host.charAt(0) == '[' && host.charAt(length - 1) == ']';
        if (bracketed || host.indexOf(':') >= 0) {
            long[] address = new long[2];
            int from = bracketed ? 1 : 0;
            int to = bracketed ? length - 1 : length;
            int zone = host.indexOf('%');
            if (IpLiterals.parseIpv6(host, from, zone > 0 && zone < to ? zone : to, address)) {
                return IpLiterals.formatIpv6(address[0], address[1]) + "#" + port;
            }
        }
        return ResolvedNames.normalise(host) + "#" + port;
    }

    private static String key(InetAddress address, int port) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            return IpLiterals.formatIpv6(IpLiterals.readLong(bytes, 0), IpLiterals.readLong(bytes, 8)) + "#" + port;
        }
        return address.getHostAddress() + "#" + port;
    }
}
