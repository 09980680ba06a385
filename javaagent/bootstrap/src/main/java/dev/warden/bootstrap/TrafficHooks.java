package dev.warden.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** What the agent does with bytes leaving through a connected socket: budgets and counts. */
public interface TrafficHooks {

    /** Whether bytes are being counted at all (no byte budget and no metrics: nothing to do per write). */
    boolean counting();

    /** Before a write to {@code address:port}: throws the contract's denial when its rule's bytes-out budget is spent. */
    void beforeSend(InetAddress address, int port) throws IOException;

    /** After a write: {@code bytes} left for {@code address:port}. */
    void sent(InetAddress address, int port, long bytes);

    /** The peer a JDK {@code SocketImpl} is connected to (its protected state), or null when unknown. */
    InetSocketAddress peerOfSocketImpl(Object socketImpl);
}
