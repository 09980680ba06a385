package dev.warden.bootstrap;

import java.io.IOException;
import java.net.InetAddress;

/** What the agent does with bytes leaving through a connected socket: budgets and counts. */
public interface TrafficHooks {

    /** Whether bytes are being counted at all (no byte budget and no metrics: nothing to do per write). */
    boolean counting();

    /** Before a write to {@code address:port}: throws the contract's denial when its rule's bytes-out budget is spent. */
    void beforeSend(InetAddress address, int port) throws IOException;

    /** After a write: {@code bytes} left for {@code address:port}. */
    void sent(InetAddress address, int port, long bytes);

    /** The address a JDK {@code SocketImpl} is connected to (its protected state), or null before it connects. */
    InetAddress addressOfSocketImpl(Object socketImpl);

    /** The port a JDK {@code SocketImpl} is connected to. */
    int portOfSocketImpl(Object socketImpl);
}
