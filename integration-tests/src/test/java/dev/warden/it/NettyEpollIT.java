package dev.warden.it;

import dev.warden.it.apps.NettyEpollApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.RecordingTcpServer;
import dev.warden.it.harness.RecordingUdpServer;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Netty's native epoll transport connects and sends in native code: checked like JDK sockets all the same. */
class NettyEpollIT extends AgentTestSupport {

    @BothJdks
    void anAllowedEpollConnectWorksUnchangedADeniedOneNeverReachesThePeer(Jdk jdk) throws Exception {
        try (RecordingTcpServer allowed = RecordingTcpServer.start();
             RecordingTcpServer denied = RecordingTcpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = nettyPolicy(allowed.port());
            String port = String.valueOf(allowed.port());
            AppResult without = run(plain(jdk).main(NettyEpollApp.class, "tcp", "127.0.0.1", port));
            AppResult with = run(withAgent(jdk, policy, otlp).main(NettyEpollApp.class, "tcp", "127.0.0.1", port));
            assertThat(without.line()).isEqualTo("RESULT ok reply=pong:ping");
            assertSameAsWithoutAgent(with, without);
            allowed.awaitAccepted(2, Duration.ofSeconds(5));
            assertTcpConnectSpan(awaitConnectSpan(otlp, "127.0.0.1", allowed.port(), "allow"),
                    "127.0.0.1", allowed.port(), "127.0.0.1", "allow", "egress[0]");

            AppResult r = run(withAgent(jdk, policy, otlp).main(NettyEpollApp.class, "tcp", "127.0.0.1", String.valueOf(denied.port())));
            // Netty reports connect failures as its AnnotatedConnectException (a ConnectException) with the address appended
            assertThat(r.type()).as(r.context()).isEqualTo("io.netty.channel.AbstractChannel$AnnotatedConnectException");
            assertThat(r.outcome()).as(r.context()).isEqualTo("denied");
            assertThat(r.msg()).startsWith("warden: denied connect to 127.0.0.1:" + denied.port() + ": no egress rule allows");
            denied.assertNoConnection(Awaits.QUIET);
            assertDeniedStatus(awaitConnectSpan(otlp, "127.0.0.1", denied.port(), "deny"), AppResult.parse(
                    "RESULT denied type=java.net.ConnectException msg=" + r.msg().substring(0, r.msg().indexOf(": /127.0.0.1"))));
        }
    }

    @BothJdks
    void anEpollDatagramToADeniedAddressIsNeverSent(Jdk jdk) throws Exception {
        try (RecordingUdpServer allowed = RecordingUdpServer.start();
             RecordingUdpServer denied = RecordingUdpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = nettyPolicy(allowed.port());
            AppResult ok = run(withAgent(jdk, policy, otlp).main(NettyEpollApp.class, "udp", "127.0.0.1", String.valueOf(allowed.port())));
            assertThat(ok.line()).as(ok.context()).isEqualTo("RESULT ok sent=hello");
            allowed.awaitDatagrams(1, Duration.ofSeconds(5));

            AppResult r = run(withAgent(jdk, policy, otlp).main(NettyEpollApp.class, "udp", "127.0.0.1", String.valueOf(denied.port())));
            assertDenied(r, "java.net.SocketException", "UDP send to 127.0.0.1:" + denied.port());
            denied.assertNoDatagram(Awaits.QUIET);
        }
    }

    /**
     * Egress to one port, and what Netty's native transport needs of the files: it unpacks its
     * library into the temporary directory (and reads the OS release) before it can load it; and
     * the library itself (unpacked under a random number). Without {@code unsafe: true} Netty runs
     * without {@code sun.misc.Unsafe}.
     */
    private Path nettyPolicy(int port) {
        return policy(dev.warden.it.harness.PolicyFile.egress(POLICY, "enforce", "to: \"127.0.0.1:" + port + "\"")
                + "files:\n  - path: \"${java.io.tmpdir}/**\"\n    allow: [read, write, create, delete, list]\n"
                + "  - path: \"/usr/lib/os-release\"\n    allow: [read]\n"
                + "native:\n  libraries: [\"${java.io.tmpdir}/libnetty_transport_native_epoll_*.so\"]\n");
    }
}
