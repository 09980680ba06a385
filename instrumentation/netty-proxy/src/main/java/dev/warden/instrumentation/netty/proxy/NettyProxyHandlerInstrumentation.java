package dev.warden.instrumentation.netty.proxy;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.LibraryClassFiles;
import dev.warden.instrumentation.api.WardenInstrumentation;
import io.netty.handler.proxy.ProxyHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Netty's proxy handlers ({@code Socks5ProxyHandler}, {@code Socks4ProxyHandler},
 * {@code HttpProxyHandler}, and any other {@code ProxyHandler}; Reactor Netty's
 * {@code proxy(...)} adds one; gRPC's netty-shaded has its own copy, which its HTTP CONNECT proxy
 * support uses): {@code ProxyHandler.connect} takes the address the channel was
 * told to connect to as the destination its handshake will ask the proxy for, and connects to
 * the proxy instead. That destination is decided here, before the channel connects; a denial
 * thrown here fails the connect's promise (Netty's pipeline turns a handler's exception into the
 * promise's failure), so nothing reaches the proxy. While the handler connects, the socket
 * connect to its proxy is known as one whose destination was decided.
 */
public final class NettyProxyHandlerInstrumentation implements WardenInstrumentation {

    static final String PROXY_HANDLER = "io.netty.handler.proxy.ProxyHandler";
    static final String GRPC_SHADED_PROXY_HANDLER = "io.grpc.netty.shaded.io.netty.handler.proxy.ProxyHandler";

    @Override
    public Set<String> targetTypes() {
        return Set.of(PROXY_HANDLER, GRPC_SHADED_PROXY_HANDLER);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isDeclaredBy(named(PROXY_HANDLER)).and(named("connect")).and(takesArguments(4)),
                ConnectAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(GRPC_SHADED_PROXY_HANDLER)).and(named("connect")).and(takesArguments(4)),
                GrpcShadedConnectAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "Netty 4.1 and 4.2 proxy handlers";
    }

    /** The connect the advice selects and the accessors it reads. */
    @Override
    public boolean supportsVersionIn(ClassLoader loader) {
        return supports(loader, PROXY_HANDLER, "io/netty/") || supports(loader, GRPC_SHADED_PROXY_HANDLER, "io/grpc/netty/shaded/io/netty/");
    }

    private static boolean supports(ClassLoader loader, String proxyHandler, String nettyPackage) {
        return LibraryClassFiles.mentions(loader, proxyHandler, "connect", "proxyAddress", "protocol",
                "(L" + nettyPackage + "channel/ChannelHandlerContext;Ljava/net/SocketAddress;Ljava/net/SocketAddress;L"
                        + nettyPackage + "channel/ChannelPromise;)V");
    }

    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This ProxyHandler handler, @Advice.Argument(1) SocketAddress destination)
                throws IOException {
            return WardenBridge.enterProxyHandlerConnect(destination, handler.proxyAddress(), handler.protocol());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object outer) {
            WardenBridge.exitProxyHandlerConnect(outer);
        }
    }

    /** {@link ConnectAdvice} for gRPC's shaded copy. */
    public static final class GrpcShadedConnectAdvice {
        private GrpcShadedConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This io.grpc.netty.shaded.io.netty.handler.proxy.ProxyHandler handler,
                @Advice.Argument(1) SocketAddress destination) throws IOException {
            return WardenBridge.enterProxyHandlerConnect(destination, handler.proxyAddress(), handler.protocol());
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object outer) {
            WardenBridge.exitProxyHandlerConnect(outer);
        }
    }
}
