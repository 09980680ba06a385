package dev.warden.bootstrap;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.concurrent.CompletableFuture;

/**
 * The one door between advice inlined into JDK classes and the agent. Each entry point first
 * skips work that Warden itself causes (re-entrancy, Warden's own threads), then calls the
 * installed {@link WardenHooks}. A denial passes through as the API's own exception type; any
 * other failure inside Warden becomes a decision of the failure mode: closed denies, open allows
 * and reports. Advice therefore never throws Warden's own bugs into the app.
 */
public final class WardenBridge {

    private static volatile WardenHooks hooks;

    private WardenBridge() {
    }

    /**
     * Installs the agent's hooks, once. The capability object is the key for
     * {@link #markOwnThread(Object)}: only the code that installed the hooks holds it.
     */
    public static synchronized void install(WardenHooks installed, boolean openOnFailure, Object key) {
        BridgeGate.install(installed, openOnFailure, key);
        hooks = installed;
    }

    /** Marks the calling thread as Warden's own for good: nothing it does is mediated. */
    public static void markOwnThread(Object key) {
        BridgeGate.checkCapability(key);
        ThreadState.current().own = true;
    }

    /**
     * Runs Warden's {@code work} on the calling (app) thread as Warden's own: nothing it does is
     * mediated, and the threads it starts keep the mark for good. The mark is taken off after.
     */
    public static void runAsOwnThread(Object key, Runnable work) {
        BridgeGate.checkCapability(key);
        ThreadState state = ThreadState.current();
        boolean wasOwn = state.own;
        state.own = true;
        try {
            work.run();
        } finally {
            state.own = wasOwn;
        }
    }

    // ---- DNS ----

    public static void beforeLookup(String host) throws UnknownHostException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.beforeLookup(host);
        } catch (UnknownHostException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("dns", error)) {
                throw new UnknownHostException(BridgeGate.internalDenial("DNS lookup of " + host, error));
            }
        } finally {
            state.inside = false;
        }
    }

    /** After {@code InetAddress.getAllByName(host)} returned {@code addresses}. */
    public static void afterLookup(InetAddress[] addresses, String host) {
        ThreadState state;
        if (addresses == null || (state = enter()) == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.afterLookup(host, addresses);
        } catch (Throwable error) {
            BridgeGate.report("dns", error);
        } finally {
            state.inside = false;
        }
    }

    // ---- sockets ----

    public static void beforeConnect(InetAddress address, int port) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.beforeConnect(address, port, state.datagramConnect, state.socksDestination, state.proxyDestinationDecided);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("connect", error)) {
                throw new ConnectException(BridgeGate.internalDenial("connect to " + address.getHostAddress() + ":" + port, error));
            }
        } finally {
            state.inside = false;
        }
    }

    /**
     * A SOCKS-capable socket connect begins ({@code SocksSocketImpl.connect}): its destination,
     * which a proxy would be asked for. Returns the one it replaces, for {@link #exitSocksConnect}.
     */
    public static Object enterSocksConnect(SocketAddress destination) {
        ThreadState state = ThreadState.current();
        Object outer = state.socksDestination;
        state.socksDestination = destination;
        return outer;
    }

    /** The connect returned or failed ({@code thrown}, not acted on). */
    public static void exitSocksConnect(Object outer, Throwable thrown) {
        ThreadState.current().socksDestination = (SocketAddress) outer;
    }

    /**
     * A Netty {@code ProxyHandler} connect begins: the destination its handshake will ask the proxy
     * for is decided (a denial is thrown, and nothing connects), then the socket connect to the
     * proxy inside it is known as the connect of a decided destination. Returns the mark it
     * replaces, for {@link #exitProxyHandlerConnect}.
     */
    public static Object enterProxyHandlerConnect(SocketAddress destination, SocketAddress proxy, String protocol)
            throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return null;
        }
        WardenHooks h = hooks;
        try {
            h.beforeProxyHandlerConnect(destination, proxy, protocol);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("proxy-handler", error)) {
                throw new ConnectException(BridgeGate.internalDenial("connect to " + destination + " through "
                        + protocol + " proxy " + proxy, error));
            }
        } finally {
            state.inside = false;
        }
        Boolean outer = state.proxyDestinationDecided;
        state.proxyDestinationDecided = true;
        return outer;
    }

    /** The proxy handler's connect returned or failed. */
    public static void exitProxyHandlerConnect(Object outer) {
        if (outer != null) {
            ThreadState.current().proxyDestinationDecided = (Boolean) outer;
        }
    }

    /** A DatagramChannel connect begins: the socket connect inside it is UDP. */
    public static void enterDatagramConnect() {
        ThreadState.current().datagramConnect = true;
    }

    public static void exitDatagramConnect() {
        ThreadState.current().datagramConnect = false;
    }

    public static void beforeDatagramSend(InetSocketAddress target) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.beforeDatagramSend(target);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("datagram", error)) {
                throw new SocketException(BridgeGate.internalDenial("UDP send to " + target, error));
            }
        } finally {
            state.inside = false;
        }
    }

    // ---- JDK HttpClient ----

    /** Returns null when not mediated, a {@link Denial}, or the call handle to pass back. */
    public static Object beforeHttpClientSend(Object request) {
        ThreadState state = enter();
        if (state == null) {
            return null;
        }
        WardenHooks h = hooks;
        try {
            return h.beforeHttpClientSend(request);
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("http-client", error)) {
                return new Denial(new ConnectException(BridgeGate.internalDenial("HTTP request", error)));
            }
            return null;
        } finally {
            state.inside = false;
        }
    }

    /** Advice asks this instead of naming {@link Denial}: types in advice must resolve in the target's loader. */
    public static boolean isDenial(Object call) {
        return call instanceof Denial;
    }

    /** The failed future a denied asynchronous call returns. */
    public static CompletableFuture<?> deniedFuture(Object denial) {
        return CompletableFuture.failedFuture(((Denial) denial).exception());
    }

    public static Object httpClientRequest(Object call, Object request) {
        WardenHooks h = hooks;
        if (h == null || call == null) {
            return request;
        }
        ThreadState state = ThreadState.current();
        boolean was = state.inside;
        state.inside = true;
        try {
            return h.httpClientRequest(call, request);
        } catch (Throwable error) {
            BridgeGate.report("http-client", error);
            return request;
        } finally {
            state.inside = was;
        }
    }

    public static Object afterHttpClientSend(Object call, Object future, Throwable thrown) {
        WardenHooks h = hooks;
        if (h == null || call == null) {
            return future;
        }
        ThreadState state = ThreadState.current();
        boolean was = state.inside;
        state.inside = true;
        try {
            return h.afterHttpClientSend(call, future, thrown);
        } catch (Throwable error) {
            BridgeGate.report("http-client", error);
            return future;
        } finally {
            state.inside = was;
        }
    }

    public static void beforeHttpClientRedirect(Object request) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.beforeHttpClientRedirect(request);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("http-client", error)) {
                throw new ConnectException(BridgeGate.internalDenial("HTTP redirect", error));
            }
        } finally {
            state.inside = false;
        }
    }

    // ---- HttpURLConnection ----

    public static void beforeUrlRequest(Object connection) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.beforeUrlRequest(connection);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("url-connection", error)) {
                throw new ConnectException(BridgeGate.internalDenial("HTTP request", error));
            }
        } finally {
            state.inside = false;
        }
    }

    /** Failing, the target is left as the app wrote it: its placeholders carry no value. */
    public static String requestTarget(Object connection, String target) {
        ThreadState state = enter();
        if (state == null) {
            return target;
        }
        WardenHooks h = hooks;
        try {
            return h.requestTarget(connection, target);
        } catch (Throwable error) {
            BridgeGate.report("url-connection", error);
            return target;
        } finally {
            state.inside = false;
        }
    }

    public static void beforeUrlConnect(Object connection) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.beforeUrlConnect(connection);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("url-connection", error)) {
                throw new ConnectException(BridgeGate.internalDenial("HTTP request", error));
            }
        } finally {
            state.inside = false;
        }
    }

    public static void afterUrlConnect(Object connection, Throwable thrown) {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.afterUrlConnect(connection, thrown);
        } catch (Throwable error) {
            BridgeGate.report("url-connection", error);
        } finally {
            state.inside = false;
        }
    }

    public static void afterUrlResponse(Object connection, int responseCode, Throwable thrown) {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        WardenHooks h = hooks;
        try {
            h.afterUrlResponse(connection, responseCode, thrown);
        } catch (Throwable error) {
            BridgeGate.report("url-connection", error);
        } finally {
            state.inside = false;
        }
    }

    /**
     * The calling thread's state, marked as inside Warden, when the call is to be mediated; null
     * when it is not (no hooks yet, Warden's own work, a thread of Warden's). The caller resets
     * {@code inside} when done.
     */
    private static ThreadState enter() {
        return BridgeGate.enter(hooks);
    }
}
