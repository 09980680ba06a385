package dev.warden.instrumentation.jdk.net;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.TrafficBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Bytes leaving through connected sockets, for bytes-out budgets and the bytes-sent metric:
 * {@code NioSocketImpl.write(byte[], int, int)} (every {@code Socket} output stream, TLS
 * included, below the encryption) and the {@code write} methods of a connected
 * {@code DatagramChannelImpl}; {@code SocketChannelImpl}, which JDK 25 loads before
 * {@code premain}, is in {@link TrafficEntryPoints}. Counted after the write, from what it
 * returned; a spent budget refuses the next write.
 */
public final class SocketWriteInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("sun.nio.ch.NioSocketImpl", "sun.nio.ch.DatagramChannelImpl");
    }

    @Override
    public void transform(AdviceTarget target) {
        // only NioSocketImpl has the private stream write; only the channels the public ByteBuffer writes
        target.applyAdvice(named("write").and(isPrivate()).and(takesArguments(3)).and(takesArgument(0, named("byte[]"))),
                SocketStreamAdvice.class.getName());
        target.applyAdvice(named("write").and(isPublic()).and(takesArguments(1)).and(takesArgument(0, named("java.nio.ByteBuffer"))),
                ChannelWriteAdvice.class.getName());
        target.applyAdvice(named("write").and(isPublic()).and(takesArguments(3)).and(takesArgument(0, named("java.nio.ByteBuffer[]"))),
                ChannelGatheringWriteAdvice.class.getName());
    }

    public static final class SocketStreamAdvice {
        private SocketStreamAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.FieldValue("address") InetAddress address, @Advice.FieldValue("port") int port) throws IOException {
            TrafficBridge.beforeSend(address, port);
        }

        /** The stream's write writes everything or throws. */
        @Advice.OnMethodExit
        static void exit(@Advice.FieldValue("address") InetAddress address, @Advice.FieldValue("port") int port,
                @Advice.Argument(2) int length) {
            TrafficBridge.sent(address, port, length);
        }
    }

    public static final class ChannelWriteAdvice {
        private ChannelWriteAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.FieldValue("remoteAddress") SocketAddress remote) throws IOException {
            TrafficBridge.beforeSend(remote);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.FieldValue("remoteAddress") SocketAddress remote, @Advice.Return int written) {
            TrafficBridge.sent(remote, written);
        }
    }

    public static final class ChannelGatheringWriteAdvice {
        private ChannelGatheringWriteAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.FieldValue("remoteAddress") SocketAddress remote) throws IOException {
            TrafficBridge.beforeSend(remote);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.FieldValue("remoteAddress") SocketAddress remote, @Advice.Return long written) {
            TrafficBridge.sent(remote, written);
        }
    }
}
