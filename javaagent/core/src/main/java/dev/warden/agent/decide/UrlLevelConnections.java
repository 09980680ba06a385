package dev.warden.agent.decide;

import dev.warden.policy.IpLiterals;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Which socket connections are a mediated URL-level client's own, for destinations whose rule
 * allows sockets only at URL level (it has {@code http:} constraints): the connect runs inside a
 * mediated client's connection code, and that client's request to this destination was decided
 * and allowed by URL moments before. A raw socket the app opens itself is neither.
 *
 * <p>Connection code is told by its class, not by its name alone: any class loader can define a
 * class in a package named like a client's ({@code okhttp3.internal.connection.Anything}). The
 * JDK's clients' frames must be classes of their own modules; a library's, classes of a loader in
 * which Warden wove that library's client, and OkHttp's and Apache HttpClient's (which ship in the
 * jar Warden wove) of that jar, so that a name copied into another jar or loader (or into an app
 * without that library) vouches for nothing. What this cannot tell: a class defined at run time into
 * the library's own package and jar (through {@code MethodHandles.Lookup.defineClass}), an app that
 * shades the library into its own jar, a class named like Netty's or HttpCore's connection code in a
 * loader that holds a woven client, or that code driven directly (Netty's bootstrap without Reactor Netty).
 */
public final class UrlLevelConnections {

    /** How long after an allowed request its client may open the connection for it (pool waits included). */
    static final long WINDOW_NANOS = 60_000_000_000L;
    private static final int CLEAN_ABOVE = 1024;
    /** A request allowed again within this long of the one recorded leaves that one's time. */
    private static final long REFRESH_NANOS = 1_000_000_000L;

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

    /** The connection code that ships in the same jar as the client classes Warden weaves (OkHttp's, Apache HttpClient's). */
    private static final String[] IN_WOVEN_JAR = {
        String.join(".", String.join("", "okhttp", "3"), "internal", "connection", ""),
        "org.apache.hc.client5.http.impl.io.",
        "org.apache.hc.client5.http.impl.nio.",
    };
    /** The packages of the client libraries Warden decides per request; a woven class under one records its loader. */
    private static final String[] CLIENT_LIBRARIES = {
        String.join(".", String.join("", "okhttp", "3"), ""),
        "org.apache.hc.client5.",
        "reactor.netty.",
    };
    /**
     * Where Warden wove a client library's classes: per loader (weakly: an unloaded one goes), the
     * code-source locations of those classes (the library's jar; "" for none).
     */
    private static final Map<ClassLoader, Set<String>> CLIENT_LIBRARY_SOURCES = Collections.synchronizedMap(new WeakHashMap<>());

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

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
        String key = key(host, port);
        long now = clock.getAsLong();
        Long at = allowedAt.get(key);
        // recorded moments ago: the window is a minute, a second less of it changes nothing a client waits for
        if (at == null || now - at > REFRESH_NANOS) {
            allowedAt.put(key, now);
        }
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
        return STACK.walk(frames -> frames.anyMatch(frame -> isClientConnectionCode(frame.getClassName())
                && isClientsOwn(frame.getDeclaringClass())));
    }

    /**
     * Whether the connect runs inside the connection code of a client whose requests through an
     * HTTP proxy are decided by their URL (the JDK's clients, OkHttp, Apache HttpClient 5).
     */
    static boolean inUrlProxyingClientCode() {
        return STACK.walk(frames -> frames.anyMatch(frame -> isUrlProxyingClientCode(frame.getClassName())
                && isClientsOwn(frame.getDeclaringClass())));
    }

    /**
     * Called for every class Warden wove with a library instrumentation: one under a client
     * library's packages makes the classes of its loader and jar count as client code.
     */
    public static void clientClassWoven(ClassLoader loader, String className, ProtectionDomain domain) {
        if (loader != null && startsWithOneOf(className, CLIENT_LIBRARIES)) {
            CLIENT_LIBRARY_SOURCES.computeIfAbsent(loader, any -> ConcurrentHashMap.newKeySet()).add(location(domain));
        }
    }

    /**
     * A class named like connection code that is the client's: the JDK's in its own module; a
     * library's from a loader in which Warden wove a client library (OkHttp's and Apache
     * HttpClient's own connection code: from a jar Warden wove, too).
     */
    static boolean isClientsOwn(Class<?> type) {
        String name = type.getName();
        for (Map.Entry<String, Module> jdk : JdkClientModules.BY_PREFIX.entrySet()) {
            if (name.startsWith(jdk.getKey())) {
                return type.getModule() == jdk.getValue();
            }
        }
        ClassLoader loader = type.getClassLoader();
        Set<String> sources = loader == null ? null : CLIENT_LIBRARY_SOURCES.get(loader);
        if (sources == null) {
            return false;
        }
        // Netty's and HttpCore's connection code ships in jars of its own, beside the client Warden wove
        return !startsWithOneOf(name, IN_WOVEN_JAR) || sources.contains(location(type.getProtectionDomain()));
    }

    /** A class's code-source location as text (no {@code URL.equals}: it may resolve host names); "" for none. */
    private static String location(ProtectionDomain domain) {
        CodeSource source = domain == null ? null : domain.getCodeSource();
        return source == null || source.getLocation() == null ? "" : source.getLocation().toString();
    }

    /**
     * The boot layer's module of each JDK client's connection code (a runtime without {@code java.net.http}:
     * {@code java.base}, which holds no such class); read at the first vouch, not at start.
     */
    private static final class JdkClientModules {
        static final Map<String, Module> BY_PREFIX = Map.of(
                "jdk.internal.net.http.", ModuleLayer.boot().findModule("java.net.http").orElse(Object.class.getModule()),
                "sun.net.www.http.HttpClient", Object.class.getModule());
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
