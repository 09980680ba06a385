package dev.warden.it;

import dev.warden.it.apps.HttpClientApp;
import dev.warden.it.apps.OtelSdkApp;
import dev.warden.it.apps.SleepApp;
import dev.warden.it.apps.SocketApp;
import dev.warden.it.apps.UdpApp;
import dev.warden.it.apps.UrlConnectionApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Http2TlsServer;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.RecordingTcpServer;
import dev.warden.it.harness.RecordingUdpServer;
import dev.warden.it.harness.TestTls;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.warden.it.harness.ReceivedSpan.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The harness checked on its own, WITHOUT the agent: the OTLP receiver decodes what a real OTel SDK exports (both
 * protocols), and the recording servers see what the apps send.
 */
class HarnessSelfTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(OtlpReceiver.Protocol.class)
    void receiverDecodesSpansFromARealOtelSdk(OtlpReceiver.Protocol protocol) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.start(protocol)) {
            ForkedJvm.Result run = ForkedJvm.on(Jdk.JDK17)
                    .main(OtelSdkApp.class, protocol.envValue, otlp.endpoint())
                    .run();
            AppResult r = run.result();
            assertThat(r.outcome()).as(run.describe()).isEqualTo("ok");
            assertThat(r.get("export")).as(run.describe()).isEqualTo("SUCCESS");

            ReceivedSpan parent = otlp.awaitSpan("harness-parent", named("harness-parent"));
            ReceivedSpan child = otlp.awaitSpan("harness-child", named("harness-child"));
            assertThat(parent.protocol()).isEqualTo(protocol.envValue);
            assertThat(parent.traceId()).isEqualTo(r.get("traceId"));
            assertThat(parent.spanId()).isEqualTo(r.get("parentId"));
            assertThat(parent.isRoot()).isTrue();
            assertThat(parent.kind()).isEqualTo("SERVER");
            assertThat(parent.statusCode()).isEqualTo("UNSET");
            assertThat(parent.attributes()).containsExactlyInAnyOrderEntriesOf(
                    Map.of("it.string", "v", "it.long", 42L, "it.bool", true, "it.double", 1.5));
            assertThat(parent.scopeName()).isEqualTo("dev.warden.it.selftest");
            assertThat(parent.scopeVersion()).isEqualTo("9.9.9");
            assertThat(parent.serviceName()).isEqualTo("harness-selftest");
            assertThat(parent.endEpochNanos()).isGreaterThanOrEqualTo(parent.startEpochNanos()).isPositive();

            assertThat(child.traceId()).isEqualTo(r.get("traceId"));
            assertThat(child.spanId()).isEqualTo(r.get("childId"));
            assertThat(child.parentSpanId()).isEqualTo(parent.spanId());
            assertThat(child.kind()).isEqualTo("CLIENT");
            assertThat(child.statusCode()).isEqualTo("ERROR");
            assertThat(child.statusMessage()).isEqualTo("boom");

            assertThat(otlp.exports()).isNotEmpty().allSatisfy(e -> {
                assertThat(e.signal()).isEqualTo("traces");
                assertThat(e.userAgent()).startsWith("OTel-OTLP-Exporter-Java/");
            });
        }
    }

    @BothJdks
    void recordingServersSeeWhatAppsSend(Jdk jdk, @TempDir Path tmp) throws Exception {
        TestTls tls = TestTls.generate();
        try (RecordingHttpServer http = RecordingHttpServer.http();
             RecordingHttpServer https = RecordingHttpServer.https(tls);
             Http2TlsServer h2 = Http2TlsServer.start(tls);
             RecordingTcpServer tcp = RecordingTcpServer.start();
             RecordingUdpServer udp = RecordingUdpServer.start()) {
            Map<String, String> trust = tls.trustStoreProps(tmp);

            AppResult r1 = ForkedJvm.on(jdk).main(UrlConnectionApp.class, "getOutputStream", "POST", http.url("/ok/post"), "abc")
                    .run().result();
            assertThat(r1.line()).isEqualTo("RESULT ok status=200 body=hello:/ok/post:len=3");
            assertThat(http.requests()).singleElement().satisfies(req -> {
                assertThat(req.method()).isEqualTo("POST");
                assertThat(req.path()).isEqualTo("/ok/post");
                assertThat(req.bodyText()).isEqualTo("abc");
                assertThat(req.header("traceparent")).isNull();
            });

            AppResult r2 = ForkedJvm.on(jdk).sysProps(trust)
                    .main(UrlConnectionApp.class, "getResponseCode", "GET", https.url("/status/404")).run().result();
            assertThat(r2.line()).isEqualTo("RESULT ok status=404 body=status:404");
            assertThat(https.requestCount()).isEqualTo(1);

            AppResult r3 = ForkedJvm.on(jdk).sysProps(trust)
                    .main(HttpClientApp.class, "send", "GET", h2.url("/ok/h2"), "HTTP_2").run().result();
            assertThat(r3.line()).isEqualTo("RESULT ok status=200 version=HTTP_2 body=h2:/ok/h2");
            assertThat(h2.requests()).singleElement().satisfies(req -> assertThat(req.getVersion()).isEqualTo("HTTP/2"));

            AppResult r4 = ForkedJvm.on(jdk).main(SocketApp.class, "async", "127.0.0.1", String.valueOf(tcp.port())).run().result();
            assertThat(r4.line()).isEqualTo("RESULT ok reply=pong:ping");
            assertThat(tcp.acceptedCount()).isEqualTo(1);

            AppResult r5 = ForkedJvm.on(jdk).main(UdpApp.class, "channel-send", "127.0.0.1", String.valueOf(udp.port())).run().result();
            assertThat(r5.line()).isEqualTo("RESULT ok sent=9");
            udp.awaitDatagrams(1, Duration.ofSeconds(5));
            assertThat(udp.datagrams()).containsExactly(UdpApp.PAYLOAD);
        }
    }

    /** Every socket and UDP app variant works on its own (so a failure under the agent is the agent's). */
    @BothJdks
    void socketAndUdpAppsWorkWithoutTheAgent(Jdk jdk) throws Exception {
        try (RecordingTcpServer tcp = RecordingTcpServer.start(); RecordingUdpServer udp = RecordingUdpServer.start()) {
            for (String kind : SocketIT.KINDS) {
                AppResult r = ForkedJvm.on(jdk).main(SocketApp.class, kind, "127.0.0.1", String.valueOf(tcp.port())).run().result();
                assertThat(r.line()).as(kind + "\n" + r.context()).isEqualTo("RESULT ok reply=pong:ping");
            }
            assertThat(tcp.acceptedCount()).isEqualTo(SocketIT.KINDS.size());
            for (String kind : UdpIT.KINDS) {
                AppResult r = ForkedJvm.on(jdk).main(UdpApp.class, kind, "127.0.0.1", String.valueOf(udp.port())).run().result();
                assertThat(r.line()).as(kind + "\n" + r.context()).isEqualTo("RESULT ok sent=9");
            }
            udp.awaitDatagrams(UdpIT.KINDS.size(), Duration.ofSeconds(5));
        }
    }

    @Test
    void forkedJvmReportsExitCodeAndKillsOnTimeout() {
        ForkedJvm.Result r = ForkedJvm.on(Jdk.JDK17).main("no.such.MainClass").run();
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.stderr()).contains("no.such.MainClass");
        assertThat(r.timedOut()).isFalse();

        ForkedJvm.Result refused = ForkedJvm.on(Jdk.JDK17)
                .main(SocketApp.class, "socket", "127.0.0.1", "1") // nothing listens on port 1
                .run();
        assertThat(refused.timedOut()).isFalse();
        assertThat(refused.result().outcome()).isEqualTo("error");
        assertThat(refused.result().type()).isEqualTo("java.net.ConnectException");
        assertThat(refused.result().msg()).doesNotStartWith("warden:");

        ForkedJvm.Result slow = ForkedJvm.on(Jdk.JDK17).timeout(Duration.ofMillis(1500))
                .main(SleepApp.class, "60000")
                .run();
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.elapsed()).isLessThan(Duration.ofSeconds(10));
        assertThat(slow.stdout()).doesNotContain("RESULT");
    }
}
