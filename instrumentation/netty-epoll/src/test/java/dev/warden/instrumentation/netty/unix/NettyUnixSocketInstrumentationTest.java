package dev.warden.instrumentation.netty.unix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class NettyUnixSocketInstrumentationTest {

    private final NettyUnixSocketInstrumentation instrumentation = new NettyUnixSocketInstrumentation();
    private final ClassLoader nettyLoader = NettyUnixSocketInstrumentationTest.class.getClassLoader();

    @Test
    void theAdviceSelectsConnectAndEachSendToAnAddress() throws Exception {
        List<String> selected = AdviceCoverage.of(instrumentation, nettyLoader).stream()
                .flatMap(s -> s.methods().stream()).toList();

        assertThat(selected).filteredOn(m -> !m.contains("grpc")).containsExactlyInAnyOrder(
                "public final boolean io.netty.channel.unix.Socket.connect(java.net.SocketAddress) throws java.io.IOException",
                "public final int io.netty.channel.unix.Socket.sendTo(java.nio.ByteBuffer,int,int,java.net.InetAddress,int,boolean)"
                        + " throws java.io.IOException",
                "public final int io.netty.channel.unix.Socket.sendToAddress(long,int,int,java.net.InetAddress,int,boolean)"
                        + " throws java.io.IOException",
                "public final int io.netty.channel.unix.Socket.sendToAddresses(long,int,java.net.InetAddress,int,boolean)"
                        + " throws java.io.IOException");
        assertThat(selected).filteredOn(m -> m.contains("io.grpc.netty.shaded.io.netty.channel.unix.Socket.")).hasSize(4);
    }

    @Test
    void theVersionCheckFindsTheSelectedMethods() {
        assertThat(instrumentation.supportsVersionIn(nettyLoader)).isTrue();
        assertThat(instrumentation.supportsVersionIn(ClassLoader.getPlatformClassLoader())).isFalse();
    }
}
