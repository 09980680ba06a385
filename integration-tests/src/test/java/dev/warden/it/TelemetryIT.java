package dev.warden.it;

import dev.warden.it.apps.HttpClientApp;
import dev.warden.it.apps.PollingApp;
import dev.warden.it.apps.SocketApp;
import dev.warden.it.apps.UrlConnectionApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.PolicyFile;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.RecordingTcpServer;
import dev.warden.it.apps.DnsApp;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.warden.it.HttpClientSuiteIT.assertAllowedHttpSpan;
import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/** Warden's own export: both OTLP protocols, deny-all policies, unreachable collectors, audit mode. */
class TelemetryIT extends AgentTestSupport {

    @BothJdks
    void exportsOverGrpcToo(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.grpc()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));
            String url = server.url("/ok/grpc");
            AppResult r = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertThat(r.line()).as(r.context()).isEqualTo("RESULT ok status=200 version=HTTP_1_1 body=hello:/ok/grpc");
            ReceivedSpan s = assertAllowedHttpSpan(otlp, "GET", url, "http", server.port(), 200);
            assertThat(s.protocol()).isEqualTo("grpc");
            assertTraceparent(server.requests().get(0).header("traceparent"), s);
        }
    }

    @BothJdks
    void denyAllPolicyStillExportsButTheAppCannotReachTheCollector(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path denyAll = enforce();
            String url = server.url("/ok/x");
            AppResult r = run(withAgent(jdk, denyAll, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + server.port());
            server.assertNoRequest(Awaits.QUIET);
            HttpClientSuiteIT.assertDeniedHttpSpan(otlp, "GET", url, server.port(), r, "default-deny");

            // the app's own connect to the collector port: denied (Warden's exemption is Warden's only)
            AppResult sock = run(withAgent(jdk, denyAll, otlp).main(SocketApp.class, "socket", "127.0.0.1", String.valueOf(otlp.port())));
            assertDenied(sock, CONNECT_EXCEPTION, "127.0.0.1:" + otlp.port());
            awaitConnectSpan(otlp, "127.0.0.1", otlp.port(), "deny");

            // ... and an HTTP POST from the app to the collector endpoint: denied, never received
            AppResult post = run(withAgent(jdk, denyAll, otlp).main(HttpClientApp.class, "send", "POST",
                    otlp.endpoint() + "/v1/traces", "HTTP_1_1", "junk"));
            assertDenied(post, CONNECT_EXCEPTION, "127.0.0.1:" + otlp.port());
            Awaits.sleep(Awaits.QUIET.toMillis());
            assertThat(otlp.exports()).as("only Warden's exporter reached the collector").allSatisfy(e ->
                    assertThat(e.userAgent()).as("export %s", e).doesNotStartWith("Java-http-client"));
            assertThat(otlp.exports()).allSatisfy(e -> assertThat(e.signal()).doesNotStartWith("undecodable"));
        }
    }

    @BothJdks
    void anUnreachableCollectorNeitherBreaksNorSlowsTheApp(Jdk jdk) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));
            String url = server.url("/ok/offline");
            ForkedJvm.Result reachable = withAgent(jdk, policy, otlp).sysProp("it.printEndTime", "true")
                    .main(UrlConnectionApp.class, "getInputStream", "GET", url).run();
            ForkedJvm.Result unreachable = ForkedJvm.on(jdk).agentPolicy(policy).sysProp("it.printEndTime", "true")
                    .env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort,
                            "OTEL_SERVICE_NAME", SERVICE, "OTEL_BSP_SCHEDULE_DELAY", "100"))
                    .main(UrlConnectionApp.class, "getInputStream", "GET", url).run();
            assertThat(unreachable.exitCode()).as(unreachable.describe()).isZero();
            assertThat(unreachable.result().line()).as(unreachable.describe()).isEqualTo(reachable.result().line())
                    .isEqualTo("RESULT ok status=200 body=hello:/ok/offline");
            // from the end of main to the end of the JVM (the final span flush): Warden waits up to 3 s for an export in
            // flight to a collector it never reached, none once an export failed (a refused connection is known at once);
            // a bound on this run alone, not a comparison with another launch's speed
            assertThat(unreachable.exitLag())
                    .as("exit lag with an unreachable collector (%d ms; %d ms with a live one)\n%s",
                            unreachable.exitLag().toMillis(), reachable.exitLag().toMillis(), unreachable.describe())
                    .isLessThan(Duration.ofMillis(3000));
            assertThat(server.requestCount()).isEqualTo(2);

            assertNoExporterLog(unreachable);
        }
    }

    /** While the app runs, failed exports are one warning line of Warden's: no exporter log, no stack trace. */
    @BothJdks
    void anUnreachableCollectorIsOneWarningLineWhileTheAppRunsAndALiveOneNone(Jdk jdk) throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = s.getLocalPort();
        }
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path denyAll = enforce();
            String url = server.url("/ok/polled");
            // every attempt is denied, so every attempt makes a span: exports keep failing while the app runs
            ForkedJvm.Running unreachable = ForkedJvm.on(jdk).agentPolicy(denyAll).timeout(Duration.ofSeconds(90))
                    .env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:" + closedPort,
                            "OTEL_SERVICE_NAME", SERVICE, "OTEL_BSP_SCHEDULE_DELAY", "50"))
                    .main(PollingApp.class, url, "1000000", "20").start();
            int warning = unreachable.awaitStderrLine("the export warning",
                    line -> line.startsWith("[warden] WARNING telemetry:"), 0);
            // a hundred denials later, many more exports have failed (one every 50 ms)
            int later = warning;
            for (int i = 0; i < 100; i++) {
                later = unreachable.awaitStderrLine("more denials", line -> line.contains("denied GET"), later + 1);
            }
            ForkedJvm.Result failing = unreachable.stop();
            assertThat(failing.stderrLines()).as(failing.describe())
                    .filteredOn(line -> line.startsWith("[warden] WARNING telemetry:"))
                    .singleElement().asString()
                    .startsWith("[warden] WARNING telemetry: could not export ")
                    .contains("127.0.0.1:" + closedPort)
                    .endsWith("this warning repeats at most once a minute)");
            assertNoExporterLog(failing);

            ForkedJvm.Running live = withAgent(jdk, denyAll, otlp).env("OTEL_BSP_SCHEDULE_DELAY", "50")
                    .timeout(Duration.ofSeconds(90)).main(PollingApp.class, url, "1000000", "20").start();
            live.awaitStderrLine("a denial", line -> line.contains("denied GET"), 0);
            Awaits.awaitAtLeast("exports received", () -> otlp.exports().size(), 3, Duration.ofSeconds(30));
            ForkedJvm.Result exporting = live.stop();
            assertThat(exporting.stderrLines()).as(exporting.describe())
                    .noneMatch(line -> line.startsWith("[warden] WARNING telemetry:"));
            assertNoExporterLog(exporting);
        }
    }

    /**
     * Spans made faster than they leave: the SDK's span processor drops some and says so through
     * java.util.logging, every export. The app's log gets one line of Warden's instead, no JDK-format record.
     */
    @BothJdks
    void droppedSpansAreOneWarningLineNotTheSdksLog(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            // every attempt is denied and makes a span; the processor keeps one span at a time
            ForkedJvm.Running app = withAgent(jdk, enforce(), otlp)
                    .env(Map.of("OTEL_BSP_SCHEDULE_DELAY", "20", "OTEL_BSP_MAX_QUEUE_SIZE", "1",
                            "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "1"))
                    .timeout(Duration.ofSeconds(90)).main(PollingApp.class, server.url("/ok/flood"), "100000000", "0").start();
            app.awaitStderrLine("the dropped-spans warning",
                    line -> line.startsWith("[warden] WARNING telemetry: BatchSpanProcessor dropped"), 0);
            int exportsThen = otlp.exports().size();
            // each later export would log the spans dropped since the one before
            Awaits.awaitAtLeast("later exports", () -> otlp.exports().size(), exportsThen + 3, Duration.ofSeconds(30));
            ForkedJvm.Result flooded = app.stop();
            assertThat(flooded.stderrLines()).as(flooded.describe())
                    .filteredOn(line -> line.startsWith("[warden] WARNING telemetry:"))
                    .singleElement().asString()
                    .contains("because the queue is full")
                    .endsWith("this warning repeats at most once a minute)");
            assertThat(flooded.stderrLines()).as(flooded.describe())
                    .noneMatch(line -> line.startsWith("WARNING: ") || line.contains("BatchSpanProcessor$Worker"));
            assertNoExporterLog(flooded);
        }
    }

    private static void assertNoExporterLog(ForkedJvm.Result run) {
        assertThat(run.stderrLines()).as(run.describe()).noneMatch(line -> line.startsWith("\tat ")
                || line.contains("Failed to export") || line.contains("SEVERE") || line.contains("io.opentelemetry"));
    }

    @BothJdks
    void auditModeBlocksNothingAndExportsWouldBeDenials(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http();
             RecordingTcpServer tcp = RecordingTcpServer.start();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy(PolicyFile.egress("it-audit", "audit", HttpClientSuiteIT.okRule(server.port())));
            Path hosts = tmp.resolve("hosts");
            Files.writeString(hosts, "127.0.0.1 localhost\n127.0.0.1 audit.test\n");

            String url = server.url("/secret/audited");
            AppResult without = run(plain(jdk).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            ForkedJvm.Result run = withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1").run();
            assertThat(run.wardenLines()).as(run.describe())
                    .anySatisfy(l -> assertThat(l).startsWith("[warden] ").contains("\"it-audit\"").contains("audit"));
            assertSameAsWithoutAgent(run.result(), without);
            assertThat(server.requestCount()).isEqualTo(2);
            ReceivedSpan http = otlp.awaitSpan("audited GET", named("GET").and(withAttr("url.full", url)));
            assertThat(http.str("warden.decision")).as("%s", http).isEqualTo("audit-deny");
            assertThat(http.str("warden.policy")).as("%s", http).isEqualTo("it-audit");
            assertThat(http.lng("http.response.status_code")).as("%s", http).isEqualTo(200L);
            assertTraceparent(server.requests().get(1).header("traceparent"), http);

            AppResult sock = run(withAgent(jdk, policy, otlp).main(SocketApp.class, "socket", "127.0.0.1", String.valueOf(tcp.port())));
            assertThat(sock.line()).as(sock.context()).isEqualTo("RESULT ok reply=pong:ping");
            tcp.awaitAccepted(1, Duration.ofSeconds(5));
            ReceivedSpan connect = awaitConnectSpan(otlp, "127.0.0.1", tcp.port(), "audit-deny");
            assertThat(connect.str("network.transport")).isEqualTo("tcp");

            AppResult dns = run(withAgent(jdk, policy, otlp).sysProp("jdk.net.hosts.file", hosts.toString())
                    .main(DnsApp.class, "getByName", "audit.test"));
            assertThat(dns.line()).as(dns.context()).isEqualTo("RESULT ok addr=127.0.0.1");
            ReceivedSpan resolve = otlp.awaitSpan("audited resolve", named("resolve").and(withAttr("dns.question.name", "audit.test")));
            assertThat(resolve.str("warden.decision")).as("%s", resolve).isEqualTo("audit-deny");
        }
    }

    @BothJdks
    void httpProtobufIsTheDefaultProtocol(Jdk jdk) throws Exception {
        try (RecordingTcpServer tcp = RecordingTcpServer.start(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + tcp.port() + "\"");
            Map<String, String> env = new java.util.LinkedHashMap<>(otlp.exporterEnv());
            env.remove("OTEL_EXPORTER_OTLP_PROTOCOL");
            AppResult r = run(ForkedJvm.on(jdk).agentPolicy(policy).env(env)
                    .main(SocketApp.class, "socket", "127.0.0.1", String.valueOf(tcp.port())));
            assertThat(r.line()).as(r.context()).isEqualTo("RESULT ok reply=pong:ping");
            ReceivedSpan s = awaitConnectSpan(otlp, "127.0.0.1", tcp.port(), "allow");
            assertThat(s.protocol()).isEqualTo("http/protobuf");
            assertThat(otlp.exports()).allSatisfy(e -> assertThat(e.contentType()).startsWith("application/x-protobuf"));
        }
    }

    /** {@code OTEL_TRACES_EXPORTER=none}: enforcement unchanged, no span made or exported, no traceparent naming one. */
    @BothJdks
    void withTracesOffNothingIsExportedAndNoTraceparentIsSent(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));
            String allowed = server.url("/ok/traces-off");
            AppResult r = run(withAgent(jdk, policy, otlp).env("OTEL_TRACES_EXPORTER", "none")
                    .main(HttpClientApp.class, "send", "GET", allowed, "HTTP_1_1"));
            assertThat(r.line()).as(r.context()).isEqualTo("RESULT ok status=200 version=HTTP_1_1 body=hello:/ok/traces-off");
            assertThat(server.requests()).hasSize(1);
            assertThat(server.requests().get(0).header("traceparent")).as("no span, so no traceparent").isNull();

            AppResult denied = run(withAgent(jdk, policy, otlp).env("OTEL_TRACES_EXPORTER", "none")
                    .main(HttpClientApp.class, "send", "GET", server.url("/elsewhere"), "HTTP_1_1"));
            assertThat(denied.outcome()).as(denied.context()).isEqualTo("denied");
            assertThat(denied.msg()).startsWith(DENIED_PREFIX);
            assertThat(server.requests()).as("the denied request sent nothing").hasSize(1);
            // both JVMs have exited, and an exit flushes whatever was queued
            assertThat(otlp.exports()).as("nothing exported").isEmpty();
        }
    }
}
