package dev.warden.instrumentation.jdk.net;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

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
 * InetSocketAddress)}; a connect is decided at {@code Net.connect}, and marked here as UDP.
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
}
