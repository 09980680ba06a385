package dev.warden.it;

import dev.warden.it.apps.UdpApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingUdpServer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/** UDP: DatagramSocket and DatagramChannel, connected and unconnected sends. */
class UdpIT extends AgentTestSupport {

    static final List<String> KINDS = List.of("datagram-connect", "datagram-send", "channel-connect", "channel-send");

    static Stream<Arguments> kinds() {
        return onBothJdks(KINDS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void allowedDatagramArrivesDeniedOneIsNeverSent(Jdk jdk, String kind) throws Exception {
        try (RecordingUdpServer allowed = RecordingUdpServer.start();
             RecordingUdpServer denied = RecordingUdpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + allowed.port() + "\"");
            String ap = String.valueOf(allowed.port());
            boolean connects = kind.endsWith("-connect");

            AppResult without = run(plain(jdk).main(UdpApp.class, kind, "127.0.0.1", ap));
            AppResult with = run(withAgent(jdk, policy, otlp).main(UdpApp.class, kind, "127.0.0.1", ap));
            assertThat(without.line()).isEqualTo("RESULT ok sent=9");
            assertSameAsWithoutAgent(with, without);
            allowed.awaitDatagrams(2, Duration.ofSeconds(5));
            assertThat(allowed.datagrams()).containsExactly(UdpApp.PAYLOAD, UdpApp.PAYLOAD);

            AppResult r = run(withAgent(jdk, policy, otlp).main(UdpApp.class, kind, "127.0.0.1", String.valueOf(denied.port())));
            if (connects) {
                assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + denied.port());
            } else {
                // unconnected send: a SocketException (ConnectException is one too)
                assertThat(r.outcome()).as(r.context()).isEqualTo("denied");
                assertThat(r.type()).as(r.context()).isIn("java.net.SocketException", CONNECT_EXCEPTION);
                assertThat(r.msg()).startsWith(DENIED_PREFIX).contains("127.0.0.1:" + denied.port());
            }
            denied.assertNoDatagram(Awaits.QUIET);

            String spanName = connects ? "connect" : "send";
            ReceivedSpan s = otlp.awaitSpan(spanName + " udp deny", named(spanName)
                    .and(withAttr("network.transport", "udp"))
                    .and(withAttr("network.peer.port", (long) denied.port())));
            assertDecision(s, "deny", "default-deny");
            assertThat(s.attributes()).as("attributes of %s", s).containsAllEntriesOf(Map.of(
                    "network.peer.address", "127.0.0.1",
                    "network.peer.port", (long) denied.port()));
            otlp.assertNoSpan("allowed UDP sends make no span",
                    named("send").and(withAttr("network.peer.port", (long) allowed.port())), Duration.ZERO);
        }
    }
}
