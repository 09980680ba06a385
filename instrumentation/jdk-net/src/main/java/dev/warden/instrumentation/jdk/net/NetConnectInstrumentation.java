package dev.warden.instrumentation.jdk.net;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.net.InetAddress;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * The socket choke point: {@code sun.nio.ch.Net.connect(ProtocolFamily, FileDescriptor,
 * InetAddress, int)} is where {@code Socket} (NioSocketImpl), {@code SocketChannel} (blocking and
 * non-blocking), {@code AsynchronousSocketChannel}, {@code DatagramChannel} and
 * {@code DatagramSocket} connects all end, on whatever thread they run.
 */
public final class NetConnectInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("sun.nio.ch.Net");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(
                named("connect").and(isStatic()).and(takesArguments(4))
                        .and(takesArgument(0, named("java.net.ProtocolFamily")))
                        .and(takesArgument(2, named("java.net.InetAddress")))
                        .and(takesArgument(3, named("int"))),
                ConnectAdvice.class.getName());
    }

    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(2) InetAddress remote, @Advice.Argument(3) int port)
                throws IOException {
            WardenBridge.beforeConnect(remote, port);
        }
    }
}
