package dev.warden.it;

import dev.warden.it.apps.HttpClientApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.Http2TlsServer;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.TestTls;
import mockwebserver3.RecordedRequest;

import java.nio.file.Path;
import java.util.Map;

import static dev.warden.it.HttpClientSuiteIT.assertAllowedHttpSpan;
import static dev.warden.it.HttpClientSuiteIT.assertDeniedHttpSpan;
import static dev.warden.it.HttpClientSuiteIT.okRule;
import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JDK HttpClient beyond the shared client suite ({@link HttpClientSuiteIT}): HTTP/2 over TLS, per-request decisions on
 * pooled and multiplexed connections, credentials in the URL, a failing allowed request.
 */
class HttpClientIT extends AgentTestSupport {

    @BothJdks
    void http2OverTlsAllowedAndDenied(Jdk jdk) throws Exception {
        TestTls tls = TestTls.generate();
        try (Http2TlsServer server = Http2TlsServer.start(tls); OtlpReceiver otlp = OtlpReceiver.http()) {
            Map<String, String> trust = tls.trustStoreProps(tmp);
            Path policy = enforce(okRule(server.port()));
            String ok = server.url("/ok/h2");
            AppResult without = run(plain(jdk).sysProps(trust).main(HttpClientApp.class, "send", "GET", ok, "HTTP_2"));
            AppResult with = run(withAgent(jdk, policy, otlp).sysProps(trust).main(HttpClientApp.class, "send", "GET", ok, "HTTP_2"));
            assertThat(without.line()).isEqualTo("RESULT ok status=200 version=HTTP_2 body=h2:/ok/h2");
            assertSameAsWithoutAgent(with, without);
            assertThat(server.requests()).hasSize(2);
            RecordedRequest viaAgent = server.requests().get(1);
            assertThat(viaAgent.getVersion()).isEqualTo("HTTP/2");
            ReceivedSpan span = assertAllowedHttpSpan(otlp, "GET", ok, "https", server.port(), 200);
            assertTraceparent(viaAgent.getHeaders().get("traceparent"), span);

            String denied = server.url("/secret/h2");
            AppResult r = run(withAgent(jdk, policy, otlp).sysProps(trust).main(HttpClientApp.class, "sendAsync", "GET", denied, "HTTP_2"));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + server.port());
            assertThat(r.via()).isEqualTo(EXECUTION_EXCEPTION);
            Awaits.sleep(Awaits.QUIET.toMillis());
            assertThat(server.requests()).as("the denied request never reached the server").hasSize(2);
            assertDeniedHttpSpan(otlp, "GET", denied, server.port(), r, null);
        }
    }

    /** Pooled connections: the URL-level decision is per request, never carried by a reused connection. */
    static void assertPerRequestDecisions(java.util.List<AppResult> results, String deniedTarget) {
        assertThat(results).hasSize(3);
        assertThat(results.get(0).outcome()).as(results.get(0).context()).isEqualTo("ok");
        assertDenied(results.get(1), CONNECT_EXCEPTION, deniedTarget);
        assertThat(results.get(2).outcome()).as(results.get(2).context()).isEqualTo("ok");
    }

    @BothJdks
    void aPooledHttp11ConnectionDoesNotCarryAnAllowDecisionToTheNextRequest(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String secret = server.url("/secret/two");
            var run = withAgent(jdk, policy, otlp).main(HttpClientApp.class, "sequence", "HTTP_1_1",
                    server.url("/ok/one"), secret, server.url("/ok/three")).run();
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertPerRequestDecisions(run.results(), "127.0.0.1:" + server.port());
            assertThat(server.requests()).extracting(RecordingHttpServer.Request::path).containsExactly("/ok/one", "/ok/three");
            assertDeniedHttpSpan(otlp, "GET", secret, server.port(), run.results().get(1), null);
        }
    }

    @BothJdks
    void aMultiplexedHttp2ConnectionDoesNotCarryAnAllowDecisionToTheNextRequest(Jdk jdk) throws Exception {
        TestTls tls = TestTls.generate();
        try (Http2TlsServer server = Http2TlsServer.start(tls); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String secret = server.url("/secret/two");
            var run = withAgent(jdk, policy, otlp).sysProps(tls.trustStoreProps(tmp)).main(HttpClientApp.class, "sequence", "HTTP_2",
                    server.url("/ok/one"), secret, server.url("/ok/three")).run();
            assertThat(run.exitCode()).as(run.describe()).isZero();
            assertPerRequestDecisions(run.results(), "127.0.0.1:" + server.port());
            assertThat(run.results().get(2).get("version")).isEqualTo("HTTP_2");
            assertThat(server.requests()).extracting(r -> r.getUrl().encodedPath()).containsExactly("/ok/one", "/ok/three");
            assertDeniedHttpSpan(otlp, "GET", secret, server.port(), run.results().get(1), null);
        }
    }

    @BothJdks
    void credentialsInTheUrlAreRedactedOnTheSpan(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = "http://alice:s3cret@127.0.0.1:" + server.port() + "/ok/cred";
            AppResult without = run(plain(jdk).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            AppResult with = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertSameAsWithoutAgent(with, without);
            String redacted = "http://REDACTED:REDACTED@127.0.0.1:" + server.port() + "/ok/cred";
            ReceivedSpan s = otlp.awaitSpan("GET with redacted url.full", named("GET").and(withAttr("url.full", redacted)));
            assertDecision(s, "allow", "egress[0]");
            assertThat(otlp.spans()).as("no span carries the password").allSatisfy(span ->
                    assertThat(span.attributes().values().toString()).doesNotContain("s3cret"));
        }
    }

    @BothJdks
    void anAllowedRequestThatFailsRecordsItsErrorType(Jdk jdk) throws Exception {
        int closedPort;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            closedPort = ss.getLocalPort();
        }
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(closedPort));
            String url = "http://127.0.0.1:" + closedPort + "/ok/refused";
            AppResult without = run(plain(jdk).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            AppResult with = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertThat(without.outcome()).isEqualTo("error");
            assertThat(without.type()).isEqualTo(CONNECT_EXCEPTION);
            assertThat(with.line()).as("same failure as without the agent\n%s", with.context()).isEqualTo(without.line());
            ReceivedSpan s = otlp.awaitSpan("GET " + url, named("GET").and(withAttr("url.full", url)));
            assertDecision(s, "allow", "egress[0]");
            assertThat(s.str("error.type")).as("%s", s).isEqualTo(CONNECT_EXCEPTION);
            assertThat(s.attributes()).as("%s", s).doesNotContainKey("http.response.status_code");
        }
    }
}
