package dev.warden.instrumentation.netty.unix;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.LibraryClassFiles;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Netty's native transports (epoll on Linux, kqueue on BSD and macOS) connect and send in native
 * code, past every JDK socket class. All of them go through {@code io.netty.channel.unix.Socket}
 * (also as shaded into gRPC): {@code connect} for TCP and connected UDP, {@code sendTo*} for
 * datagrams to an address (and TCP Fast Open). Each is decided like the JDK's own socket connect
 * and datagram send, with the same spans and exceptions; unix domain sockets pass (not network).
 */
public final class NettyUnixSocketInstrumentation implements WardenInstrumentation {

    static final String SOCKET = "io.netty.channel.unix.Socket";
    /** gRPC's netty-shaded carries its own copy of the native transport under this name. */
    static final String GRPC_SHADED_SOCKET = "io.grpc.netty.shaded.io.netty.channel.unix.Socket";

    @Override
    public Set<String> targetTypes() {
        return Set.of(SOCKET, GRPC_SHADED_SOCKET);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("connect").and(isPublic()).and(takesArguments(1)), ConnectAdvice.class.getName());
        // the overloads without the fast-open flag delegate to these
        target.applyAdvice(namedOneOf("sendTo", "sendToAddress").and(isPublic()).and(takesArguments(6)),
                SendToAdvice.class.getName());
        target.applyAdvice(named("sendToAddresses").and(isPublic()).and(takesArguments(5)),
                SendToAddressesAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "Netty 4.1 and 4.2 native transports";
    }

    /** The public connect and fast-open sendTo overloads the advice selects. */
    @Override
    public boolean supportsVersionIn(ClassLoader loader) {
        return LibraryClassFiles.mentions(loader, SOCKET, "connect", "sendToAddresses", "(Ljava/nio/ByteBuffer;IILjava/net/InetAddress;IZ)I")
                || LibraryClassFiles.mentions(loader, GRPC_SHADED_SOCKET, "connect", "sendToAddresses",
                        "(Ljava/nio/ByteBuffer;IILjava/net/InetAddress;IZ)I");
    }

    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) SocketAddress remote) throws IOException {
            if (remote instanceof InetSocketAddress) {
                InetAddress address = ((InetSocketAddress) remote).getAddress();
                if (address != null) {
                    WardenBridge.beforeConnect(address, ((InetSocketAddress) remote).getPort());
                }
            }
        }
    }

    public static final class SendToAdvice {
        private SendToAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(3) InetAddress address, @Advice.Argument(4) int port) throws IOException {
            WardenBridge.beforeDatagramSend(new InetSocketAddress(address, port));
        }
    }

    public static final class SendToAddressesAdvice {
        private SendToAddressesAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(2) InetAddress address, @Advice.Argument(3) int port) throws IOException {
            WardenBridge.beforeDatagramSend(new InetSocketAddress(address, port));
        }
    }
}
