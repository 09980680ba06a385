package dev.warden.agent.intercept;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.SocketImpl;
import java.util.Map;
import java.util.Set;

/**
 * The peer of a JDK {@code SocketImpl} ({@code NioSocketImpl}, under every {@code Socket}), read from its
 * protected {@code address} and {@code port}: the hook of its stream write gets the impl, and its peer has no
 * public accessor. Read at every counted write, so nothing is allocated; {@code java.net} is opened to Warden
 * on first use, not at start.
 */
final class SocketImplPeers {

    private final Instrumentation instrumentation;
    private volatile Field[] fields;

    SocketImplPeers(Instrumentation instrumentation) {
        this.instrumentation = instrumentation;
    }

    /** The connected address, or null when the socket is not connected yet (its write then fails on its own). */
    InetAddress addressOf(Object socketImpl) {
        try {
            return (InetAddress) fields()[0].get(socketImpl);
        } catch (ReflectiveOperationException unreadable) {
            throw new IllegalStateException("the address of " + socketImpl.getClass().getName(), unreadable);
        }
    }

    int portOf(Object socketImpl) {
        try {
            return fields()[1].getInt(socketImpl);
        } catch (ReflectiveOperationException unreadable) {
            throw new IllegalStateException("the port of " + socketImpl.getClass().getName(), unreadable);
        }
    }

    private Field[] fields() throws ReflectiveOperationException {
        Field[] known = fields;
        if (known == null) {
            instrumentation.redefineModule(Object.class.getModule(), Set.of(), Map.of(),
                    Map.of("java.net", Set.of(SocketImplPeers.class.getModule())), Set.of(), Map.of());
            Field address = SocketImpl.class.getDeclaredField("address");
            Field port = SocketImpl.class.getDeclaredField("port");
            address.setAccessible(true);
            port.setAccessible(true);
            known = new Field[] {address, port};
            fields = known;
        }
        return known;
    }
}
