package dev.warden.instrumentation.jdk.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import dev.warden.instrumentation.api.AdviceCoverage.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each hook selects exactly the JDK method it is meant for, on the JDK running the build. */
class JdkNetInstrumentationTest {

    @Test
    void datagramHooksSelectUnconnectedSendAndConnect() throws Exception {
        List<Selection> selections = AdviceCoverage.of(new DatagramChannelInstrumentation());
        assertThat(selections).hasSize(2);
        assertThat(selections.get(0).methods()).singleElement().asString()
                .contains("sun.nio.ch.DatagramChannelImpl.send(java.io.FileDescriptor,java.nio.ByteBuffer,java.net.InetSocketAddress)");
        assertThat(selections.get(1).methods()).singleElement().asString()
                .contains("sun.nio.ch.DatagramChannelImpl.connect(java.net.SocketAddress,boolean)");
    }

    @Test
    void writeHooksSelectTheSocketStreamWriteAndTheDatagramChannelWrites() throws Exception {
        List<String> methods = AdviceCoverage.of(new SocketWriteInstrumentation()).stream()
                .flatMap(s -> s.methods().stream()).toList();
        assertThat(methods).containsExactlyInAnyOrder(
                "private void sun.nio.ch.NioSocketImpl.write(byte[],int,int) throws java.io.IOException",
                "public int sun.nio.ch.DatagramChannelImpl.write(java.nio.ByteBuffer) throws java.io.IOException",
                "public long sun.nio.ch.DatagramChannelImpl.write(java.nio.ByteBuffer[],int,int) throws java.io.IOException");
    }
}
