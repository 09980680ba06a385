package dev.warden.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * What the agent does at each intercepted JDK entry point. Implemented by the agent core (loaded
 * by Warden's own class loader) and reached only through {@link WardenBridge}, which adds the
 * re-entrancy guard and the failure mode.
 *
 * <p>Types that the boot class loader cannot see (java.net.http lives in the platform loader) are
 * passed as {@code Object}. A denial is thrown as the exception type the JDK API already declares.
 */
public interface WardenHooks {

    /** {@code InetAddress.getAllByName}: may this name be looked up at all. */
    void beforeLookup(String host) throws UnknownHostException;

    /** {@code InetAddress.getAllByName} returned: remember which name these addresses came from. */
    void afterLookup(String host, InetAddress[] addresses);

    /**
     * {@code sun.nio.ch.Net.connect}: every TCP connect and UDP connect of the JDK ends here.
     * {@code socksDestination}: the destination of the SOCKS-capable connect under way, or null;
     * when it is not {@code address:port}, this connect is to the SOCKS proxy asked for it.
     * {@code proxyDestinationDecided}: this connect is a Netty proxy handler's, to its proxy, and
     * the destination the proxy will be asked for was decided ({@link #beforeProxyHandlerConnect}).
     */
    void beforeConnect(InetAddress address, int port, boolean datagram, SocketAddress socksDestination,
            boolean proxyDestinationDecided) throws IOException;

    /**
     * Netty's {@code ProxyHandler.connect}: the channel is about to connect to {@code proxy}, which
     * its {@code protocol} handshake ({@code socks5}, {@code socks4}, {@code http}) will ask for
     * {@code destination}. Decides that destination before anything connects.
     */
    void beforeProxyHandlerConnect(SocketAddress destination, SocketAddress proxy, String protocol) throws IOException;

    /** {@code DatagramChannelImpl.send} on an unconnected channel (also DatagramSocket). */
    void beforeDatagramSend(InetSocketAddress target) throws IOException;

    /**
     * {@code HttpClient.sendAsync} (every send path): decide the request and start its span.
     * Returns an opaque call handle, or a {@link Denial} when the request must not be sent.
     */
    Object beforeHttpClientSend(Object httpRequest);

    /** The request to send instead (the W3C {@code traceparent} header added), or the same one. */
    Object httpClientRequest(Object call, Object httpRequest);

    /** Ends the call's span when the response future completes; returns the future to hand back. */
    Object afterHttpClientSend(Object call, Object responseFuture, Throwable thrown);

    /** A redirect the JDK HttpClient is about to follow: the next request, decided like the first. */
    void beforeHttpClientRedirect(Object httpRequest) throws IOException;

    /**
     * {@code HttpURLConnection.connect / getOutputStream / getInputStream}, before the request is
     * under way: decide the URL, start the span, add the {@code traceparent} request header.
     * Later calls on the same connection do nothing.
     */
    void beforeUrlRequest(Object connection) throws IOException;

    /**
     * {@code HttpURLConnection.getRequestURI}: the request-target it writes ({@code target}), with the values of the
     * credentials whose placeholders its query carries when the connection still goes to their destination.
     */
    String requestTarget(Object connection, String target);

    /**
     * {@code plainConnect} of a connection that is not yet connected: decides the URL again when
     * it changed since the last decision (a redirect hop) and makes the span current while the
     * socket connects.
     */
    void beforeUrlConnect(Object connection) throws IOException;

    /** {@code plainConnect} returned or failed. */
    void afterUrlConnect(Object connection, Throwable thrown);

    /** {@code getInputStream} returned or failed: the response is known, end the span. */
    void afterUrlResponse(Object connection, int responseCode, Throwable thrown);

    /** A hook failed inside Warden; record it. */
    void internalError(String hook, Throwable error);
}
