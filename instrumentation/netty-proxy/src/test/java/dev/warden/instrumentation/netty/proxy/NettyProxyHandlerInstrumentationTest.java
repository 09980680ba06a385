package dev.warden.instrumentation.netty.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class NettyProxyHandlerInstrumentationTest {

    private final NettyProxyHandlerInstrumentation instrumentation = new NettyProxyHandlerInstrumentation();
    private final ClassLoader nettyLoader = NettyProxyHandlerInstrumentationTest.class.getClassLoader();

    @Test
    void eachAdviceSelectsItsCopysConnect() throws Exception {
        List<String> selected = AdviceCoverage.of(instrumentation, nettyLoader).stream()
                .flatMap(s -> s.methods().stream()).toList();

        String shaded = "io.grpc.netty.shaded.";
        assertThat(selected).containsExactlyInAnyOrder("public final void io.netty.handler.proxy.ProxyHandler.connect("
                + "io.netty.channel.ChannelHandlerContext,java.net.SocketAddress,java.net.SocketAddress,"
                + "io.netty.channel.ChannelPromise) throws java.lang.Exception",
                "public final void " + shaded + "io.netty.handler.proxy.ProxyHandler.connect("
                + shaded + "io.netty.channel.ChannelHandlerContext,java.net.SocketAddress,java.net.SocketAddress,"
                + shaded + "io.netty.channel.ChannelPromise) throws java.lang.Exception");
    }

    @Test
    void theVersionCheckFindsWhatTheAdviceReads() {
        assertThat(instrumentation.supportsVersionIn(nettyLoader)).isTrue();
        assertThat(instrumentation.supportsVersionIn(ClassLoader.getPlatformClassLoader())).isFalse();
    }
}
