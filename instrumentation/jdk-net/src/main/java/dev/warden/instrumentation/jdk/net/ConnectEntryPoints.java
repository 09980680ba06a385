package dev.warden.instrumentation.jdk.net;

import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.List;

/**
 * Name lookups and socket connects ({@code WardenBridge}), decided before anything leaves the JVM.
 * <ul>
 * <li>DNS: every lookup of the JDK goes through {@code InetAddress.getAllByName(String)} ({@code getByName},
 * {@code InetSocketAddress}, {@code Socket(host, port)} and the HTTP clients all call it). A lookup is a way
 * out too, so a name no rule could allow is never resolved; the addresses it returns are remembered, so a
 * connect to them is decided by the name.</li>
 * <li>The socket choke point: {@code sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)}
 * is where {@code Socket} (NioSocketImpl), {@code SocketChannel} (blocking and non-blocking),
 * {@code AsynchronousSocketChannel}, {@code DatagramChannel} and {@code DatagramSocket} connects all end, on
 * whatever thread they run.</li>
 * <li>{@code SocksSocketImpl.connect(SocketAddress, int)}: every {@code Socket} connect runs through it, and
 * when a SOCKS proxy applies (a {@code Proxy} object, {@code socksProxyHost}, the {@code ProxySelector}) it
 * connects to the proxy and then asks it for the destination. The destination is kept for the duration, so
 * that the socket connect to the proxy decides it too.</li>
 * </ul>
 */
public final class ConnectEntryPoints implements EntryPointCatalogue {

    private static final String BRIDGE = "dev.warden.bootstrap.WardenBridge";

    @Override
    public List<EntryPoint> entryPoints() {
        return List.of(
                at("java.net.InetAddress", "getAllByName(java.lang.String)").arguments(0)
                        .access("DNS lookup", "throws UnknownHostException").before(BRIDGE, "beforeLookup"),
                at("java.net.InetAddress", "getAllByName(java.lang.String)").arguments(0)
                        .access("DNS lookup (addresses remembered)", "none").afterResult(BRIDGE, "afterLookup"),
                at("sun.nio.ch.Net", "connect(java.net.ProtocolFamily, java.io.FileDescriptor, java.net.InetAddress, int)")
                        .arguments(2, 3).access("socket connect", "throws ConnectException").before(BRIDGE, "beforeConnect"),
                at("java.net.SocksSocketImpl", "connect(java.net.SocketAddress, int)").arguments(0)
                        .access("socket connect, destination a SOCKS proxy is asked for", "none")
                        .around(BRIDGE, "enterSocksConnect", "exitSocksConnect"));
    }
}
