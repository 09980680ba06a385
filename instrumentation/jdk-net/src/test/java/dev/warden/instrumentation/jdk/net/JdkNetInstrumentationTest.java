package dev.warden.instrumentation.jdk.net;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import dev.warden.instrumentation.api.AdviceCoverage.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each hook selects exactly the JDK method it is meant for, on the JDK running the build. */
class JdkNetInstrumentationTest {

    @Test
    void datagramHooksSelectUnconnectedSendConnectAndTheConnectedWrites() throws Exception {
        List<Selection> selections = AdviceCoverage.of(new DatagramChannelInstrumentation());
        assertThat(selections).hasSize(4);
        assertThat(selections.get(0).methods()).singleElement().asString()
                .contains("sun.nio.ch.DatagramChannelImpl.send(java.io.FileDescriptor,java.nio.ByteBuffer,java.net.InetSocketAddress)");
        assertThat(selections.get(1).methods()).singleElement().asString()
                .contains("sun.nio.ch.DatagramChannelImpl.connect(java.net.SocketAddress,boolean)");
        assertThat(selections.get(2).methods()).singleElement().asString()
                .isEqualTo("public int sun.nio.ch.DatagramChannelImpl.write(java.nio.ByteBuffer) throws java.io.IOException");
        assertThat(selections.get(3).methods()).singleElement().asString()
                .isEqualTo("public long sun.nio.ch.DatagramChannelImpl.write(java.nio.ByteBuffer[],int,int) throws java.io.IOException");
    }
}
