package dev.warden.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

/**
 * The door for socket writes (bytes out per destination, and bytes-out budgets). Called on every
 * write of every connected socket, so it returns at once when nothing counts bytes.
 */
public final class TrafficBridge {

    private static volatile TrafficHooks hooks;

    private TrafficBridge() {
    }

    public static void install(TrafficHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        hooks = installed;
    }

    /** Before a socket write; {@code remote} is the socket's peer (an InetSocketAddress, or null when not connected). */
    public static void beforeSend(SocketAddress remote) throws IOException {
        TrafficHooks h = hooks;
        if (h == null || !(remote instanceof InetSocketAddress peer) || peer.getAddress() == null || !h.counting()) {
            return;
        }
        before(h, peer.getAddress(), peer.getPort());
    }

    /** Before a write of a {@code java.net.Socket} (its peer as SocketImpl keeps it). */
    public static void beforeSend(InetAddress address, int port) throws IOException {
        TrafficHooks h = hooks;
        if (h == null || address == null || !h.counting()) {
            return;
        }
        before(h, address, port);
    }

    /** Before a write of a {@code SocketChannel} ({@code self}): its peer is read only when bytes are counted. */
    public static void beforeChannelWrite(Object self) throws IOException {
        TrafficHooks h = hooks;
        if (h != null && h.counting()) {
            beforeSend(peerOf(self));
        }
    }

    /** Before {@code NioSocketImpl}'s stream write ({@code Socket} output streams, TLS included, below the encryption). */
    public static void beforeSocketWrite(Object socketImpl) throws IOException {
        TrafficHooks h = hooks;
        if (h != null && h.counting()) {
            InetAddress address;
            int port;
            try {
                address = h.addressOfSocketImpl(socketImpl);
                port = h.portOfSocketImpl(socketImpl);
            } catch (Throwable error) {
                if (BridgeGate.denyOnError("traffic", error)) {
                    throw new SocketException(BridgeGate.internalDenial("writing to a socket", error));
                }
                return;
            }
            if (address != null) {
                before(h, address, port);
            }
        }
    }

    /** After {@code NioSocketImpl}'s stream write, which writes all {@code length} bytes or throws. */
    public static void socketWrote(Object socketImpl, int length) {
        TrafficHooks h = hooks;
        if (h != null && length > 0 && h.counting()) {
            InetAddress address;
            int port;
            try {
                address = h.addressOfSocketImpl(socketImpl);
                port = h.portOfSocketImpl(socketImpl);
            } catch (Throwable error) {
                BridgeGate.report("traffic", error);
                return;
            }
            sent(address, port, length); // returns at once for a null address
        }
    }

    /** After a {@code SocketChannel} write that returned {@code written}. */
    public static void channelWrote(int written, Object self) {
        channelWrote((long) written, self);
    }

    /** After a gathering {@code SocketChannel} write that returned {@code written}. */
    public static void channelWrote(long written, Object self) {
        TrafficHooks h = hooks;
        if (h != null && written > 0 && h.counting()) {
            sent(peerOf(self), written);
        }
    }

    /** The channel's peer; null when it is not connected (the write fails on its own) or closed. */
    private static SocketAddress peerOf(Object channel) {
        try {
            return ((SocketChannel) channel).getRemoteAddress();
        } catch (IOException closed) {
            return null;
        }
    }

    public static void sent(SocketAddress remote, long bytes) {
        if (remote instanceof InetSocketAddress peer) {
            sent(peer.getAddress(), peer.getPort(), bytes);
        }
    }

    public static void sent(InetAddress address, int port, long bytes) {
        TrafficHooks h = hooks;
        if (h == null || address == null || bytes <= 0 || !h.counting()) {
            return;
        }
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return;
        }
        try {
            h.sent(address, port, bytes);
        } catch (Throwable error) {
            BridgeGate.report("traffic", error);
        } finally {
            BridgeGate.leave(state);
        }
    }

    private static void before(TrafficHooks h, InetAddress address, int port) throws IOException {
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return;
        }
        try {
            h.beforeSend(address, port);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("traffic", error)) {
                throw new SocketException(BridgeGate.internalDenial("sending to " + address.getHostAddress() + ":" + port, error));
            }
        } finally {
            BridgeGate.leave(state);
        }
    }
}
