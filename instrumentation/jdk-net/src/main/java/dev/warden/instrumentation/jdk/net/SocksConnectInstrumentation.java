package dev.warden.instrumentation.jdk.net;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.net.SocketAddress;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * {@code java.net.SocksSocketImpl.connect(SocketAddress, int)}: every {@code Socket} connect runs
 * through it, and when a SOCKS proxy applies (a {@code Proxy} object, {@code socksProxyHost}, the
 * {@code ProxySelector}) it connects to the proxy and then asks it for the destination. The
 * destination is kept for the duration, so that the socket connect to the proxy decides it too.
 */
public final class SocksConnectInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.net.SocksSocketImpl");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("connect").and(takesArguments(2))
                        .and(takesArgument(0, named("java.net.SocketAddress")))
                        .and(takesArgument(1, named("int"))),
                ConnectAdvice.class.getName());
    }

    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) SocketAddress destination) {
            return WardenBridge.enterSocksConnect(destination);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object outer) {
            WardenBridge.exitSocksConnect(outer);
        }
    }
}
