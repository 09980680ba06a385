package dev.warden.instrumentation.jdk.net;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.TrafficBridge;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * UDP: {@code DatagramChannelImpl} backs both {@code DatagramChannel} and {@code DatagramSocket}.
 * An unconnected send goes through its private {@code send(FileDescriptor, ByteBuffer,
 * InetSocketAddress)}; a connect is decided at {@code Net.connect}, and marked here as UDP. The
 * {@code write} methods of a connected channel count bytes out for budgets and the bytes-sent metric
 * ({@code TrafficBridge}, as {@link TrafficEntryPoints} does for TCP): counted after the write, from
 * what it returned; a spent budget refuses the next write.
 */
public final class DatagramChannelInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("sun.nio.ch.DatagramChannelImpl");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(
                named("send").and(takesArguments(3))
                        .and(takesArgument(0, named("java.io.FileDescriptor")))
                        .and(takesArgument(2, named("java.net.InetSocketAddress"))),
                SendAdvice.class.getName());
        target.applyAdvice(
                named("connect").and(takesArguments(2))
                        .and(takesArgument(0, named("java.net.SocketAddress")))
                        .and(takesArgument(1, named("boolean"))),
                ConnectAdvice.class.getName());
        target.applyAdvice(named("write").and(isPublic()).and(takesArguments(1)).and(takesArgument(0, named("java.nio.ByteBuffer"))),
                ChannelWriteAdvice.class.getName());
        target.applyAdvice(named("write").and(isPublic()).and(takesArguments(3)).and(takesArgument(0, named("java.nio.ByteBuffer[]"))),
                ChannelGatheringWriteAdvice.class.getName());
    }

    public static final class SendAdvice {
        private SendAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(2) InetSocketAddress target) throws IOException {
            WardenBridge.beforeDatagramSend(target);
        }
    }

    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            WardenBridge.enterDatagramConnect();
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit() {
            WardenBridge.exitDatagramConnect();
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
