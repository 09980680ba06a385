package dev.warden.it;

import dev.warden.it.apps.SocketApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingTcpServer;
import dev.warden.it.harness.BothJdks;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Raw TCP: Socket, SocketChannel (blocking, non-blocking), AsynchronousSocketChannel. */
class SocketIT extends AgentTestSupport {

    static final List<String> KINDS = List.of("socket", "socket-hostport", "channel", "channel-nonblocking", "async");

    static Stream<Arguments> kinds() {
        return onBothJdks(KINDS);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kinds")
    void allowedConnectWorksUnchangedDeniedConnectNeverReachesThePeer(Jdk jdk, String kind) throws Exception {
        try (RecordingTcpServer allowed = RecordingTcpServer.start();
             RecordingTcpServer denied = RecordingTcpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + allowed.port() + "\"");
            String ap = String.valueOf(allowed.port());

            AppResult without = run(plain(jdk).main(SocketApp.class, kind, "127.0.0.1", ap));
            AppResult with = run(withAgent(jdk, policy, otlp).main(SocketApp.class, kind, "127.0.0.1", ap));
            assertThat(without.line()).isEqualTo("RESULT ok reply=pong:ping");
            assertSameAsWithoutAgent(with, without);
            allowed.awaitAccepted(2, Duration.ofSeconds(5));

            AppResult r = run(withAgent(jdk, policy, otlp).main(SocketApp.class, kind, "127.0.0.1", String.valueOf(denied.port())));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + denied.port());
            if (kind.equals("async")) {
                assertThat(r.via()).as("async connect fails its future\n%s", r.context()).isEqualTo(EXECUTION_EXCEPTION);
            } else {
                assertThat(r.via()).as(r.context()).isNull();
            }
            denied.assertNoConnection(Awaits.QUIET);

            ReceivedSpan ok = awaitConnectSpan(otlp, "127.0.0.1", allowed.port(), "allow");
            assertTcpConnectSpan(ok, "127.0.0.1", allowed.port(), "127.0.0.1", "allow", "egress[0]");
            ReceivedSpan no = awaitConnectSpan(otlp, "127.0.0.1", denied.port(), "deny");
            assertTcpConnectSpan(no, "127.0.0.1", denied.port(), "127.0.0.1", "deny", "default-deny");
            assertDeniedStatus(no, r);
        }
    }

    @BothJdks
    void hostNameRuleAllowsConnectByNameAndSpanNamesTheHost(Jdk jdk) throws Exception {
        try (RecordingTcpServer server = RecordingTcpServer.start(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"localhost:" + server.port() + "\"");
            String port = String.valueOf(server.port());
            AppResult without = run(plain(jdk).main(SocketApp.class, "socket-hostport", "localhost", port));
            AppResult with = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "socket-hostport", "localhost", port));
            assertSameAsWithoutAgent(with, without);
            ReceivedSpan s = awaitConnectSpan(otlp, "127.0.0.1", server.port(), "allow");
            assertTcpConnectSpan(s, "127.0.0.1", server.port(), "localhost", "allow", "egress[0]");
        }
    }

    @BothJdks
    void loopbackIsNotImplicitlyAllowed(Jdk jdk) throws Exception {
        try (RecordingTcpServer server = RecordingTcpServer.start(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"10.1.2.3:443\"");
            AppResult r = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "socket", "127.0.0.1", String.valueOf(server.port())));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + server.port());
            server.assertNoConnection(Awaits.QUIET);
        }
    }

    /**
     * A connect to the app's own listening socket does not leave the process (Tomcat's at shutdown): allowed by the
     * built-in {@code jvm:own-listener} at loopback and at the machine's own address, which no policy could name
     * portably; a listener of another process on the same machine stays denied (above).
     */
    @BothJdks
    void aConnectToTheAppsOwnListeningSocketIsAllowedWithoutARule(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"10.1.2.3:443\"");
            List<String> hosts = new java.util.ArrayList<>(List.of("127.0.0.1"));
            ownNonLoopbackAddress().ifPresent(hosts::add);
            for (String host : hosts) {
                AppResult r = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "own-listener", host, "0"));
                assertThat(r.line()).as(r.context()).isEqualTo("RESULT ok reply=pong:ping");
                ReceivedSpan span = otlp.awaitSpan("the connect to " + host, ReceivedSpan.named("connect")
                        .and(ReceivedSpan.withAttr("network.peer.address", host)));
                assertDecision(span, "allow", "jvm:own-listener");
            }
        }
    }

    private static java.util.Optional<String> ownNonLoopbackAddress() throws java.net.SocketException {
        return java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(nic -> java.util.Collections.list(nic.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .map(java.net.InetAddress::getHostAddress).findFirst();
    }

    @BothJdks
    void cidrAndPortRangeRules(Jdk jdk) throws Exception {
        try (RecordingTcpServer inCidr = RecordingTcpServer.start("127.0.0.2", 0);
             RecordingTcpServer outsideCidr = RecordingTcpServer.start("127.0.0.5", 0);
             RecordingTcpServer inRange = RecordingTcpServer.start();
             RecordingTcpServer outsideRange = RecordingTcpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            int p = inRange.port();
            int q = outsideRange.port();
            org.junit.jupiter.api.Assumptions.assumeTrue(Math.abs(q - p) > 1, "ports too close for the range test");
            Path policy = enforce(
                    "to: \"127.0.0.0/30:" + inCidr.port() + "\"",
                    "to: \"127.0.0.1:" + (p - 1) + "-" + (p + 1) + "\"");
            AppResult a = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "socket", "127.0.0.2", String.valueOf(inCidr.port())));
            assertThat(a.line()).as(a.context()).isEqualTo("RESULT ok reply=pong:ping");
            AppResult b = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "socket", "127.0.0.5", String.valueOf(outsideCidr.port())));
            assertDenied(b, CONNECT_EXCEPTION, "127.0.0.5:" + outsideCidr.port());
            AppResult c = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "socket", "127.0.0.1", String.valueOf(p)));
            assertThat(c.line()).as(c.context()).isEqualTo("RESULT ok reply=pong:ping");
            AppResult d = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "socket", "127.0.0.1", String.valueOf(q)));
            assertDenied(d, CONNECT_EXCEPTION, "127.0.0.1:" + q);
            outsideCidr.assertNoConnection(Awaits.QUIET);
            outsideRange.assertNoConnection(Duration.ZERO);
            assertThat(awaitConnectSpan(otlp, "127.0.0.2", inCidr.port(), "allow").str("warden.rule")).isEqualTo("egress[0]");
            assertThat(awaitConnectSpan(otlp, "127.0.0.1", p, "allow").str("warden.rule")).isEqualTo("egress[1]");
        }
    }
}
