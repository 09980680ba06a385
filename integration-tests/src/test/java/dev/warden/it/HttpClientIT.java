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

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/** JDK HttpClient: send / sendAsync, HTTP/1.1 and HTTP/2 (TLS), allowed and denied, with their spans. */
class HttpClientIT extends AgentTestSupport {

    static String okRule(int port) {
        return "to: \"127.0.0.1:" + port + "\"\nhttp: { methods: [GET, POST], paths: [\"/ok/**\", \"/status/**\"] }";
    }

    /** The HTTP client span of an allowed request, checked attribute by attribute. */
    static ReceivedSpan assertAllowedHttpSpan(OtlpReceiver otlp, String method, String url, String scheme, int port, int status) {
        ReceivedSpan s = otlp.awaitSpan(method + " " + url, named(method).and(withAttr("url.full", url)));
        assertDecision(s, "allow", "egress[0]");
        assertThat(s.attributes()).as("attributes of %s", s).containsAllEntriesOf(Map.of(
                "http.request.method", method,
                "url.full", url,
                "url.scheme", scheme,
                "server.address", "127.0.0.1",
                "server.port", (long) port,
                "http.response.status_code", (long) status,
                "warden.policy", POLICY));
        if (status < 400) {
            assertThat(s.statusCode()).as("status of %s", s).isEqualTo("UNSET");
            assertThat(s.attributes()).as("attributes of %s", s).doesNotContainKey("error.type");
        } else {
            assertThat(s.str("error.type")).as("error.type of %s", s).isEqualTo(String.valueOf(status));
        }
        return s;
    }

    /** The HTTP client span of a denied request. */
    static ReceivedSpan assertDeniedHttpSpan(OtlpReceiver otlp, String method, String url, int port, AppResult denied, String rule) {
        ReceivedSpan s = otlp.awaitSpan(method + " " + url, named(method).and(withAttr("url.full", url)));
        assertDecision(s, "deny", rule);
        assertDeniedStatus(s, denied);
        assertThat(s.attributes()).as("attributes of %s", s).containsAllEntriesOf(Map.of(
                "http.request.method", method,
                "url.full", url,
                "server.address", "127.0.0.1",
                "server.port", (long) port,
                "error.type", CONNECT_EXCEPTION,
                "warden.policy", POLICY));
        assertThat(s.attributes()).as("attributes of %s", s).doesNotContainKey("http.response.status_code");
        return s;
    }

    @BothJdks
    void sendAllowedGetWorksUnchangedAndIsTraced(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/ok/get");
            AppResult without = run(plain(jdk).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            AppResult with = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertThat(without.line()).isEqualTo("RESULT ok status=200 version=HTTP_1_1 body=hello:/ok/get");
            assertSameAsWithoutAgent(with, without);

            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(0).header("traceparent")).as("no agent, no traceparent").isNull();
            ReceivedSpan span = assertAllowedHttpSpan(otlp, "GET", url, "http", server.port(), 200);
            assertTraceparent(server.requests().get(1).header("traceparent"), span);
        }
    }

    @BothJdks
    void sendAsyncAllowedPostWorksUnchangedAndIsTraced(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/ok/post");
            AppResult without = run(plain(jdk).main(HttpClientApp.class, "sendAsync", "POST", url, "HTTP_1_1", "some-body"));
            AppResult with = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "sendAsync", "POST", url, "HTTP_1_1", "some-body"));
            assertThat(without.line()).isEqualTo("RESULT ok status=200 version=HTTP_1_1 body=hello:/ok/post:len=9");
            assertSameAsWithoutAgent(with, without);
            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(1).bodyText()).isEqualTo("some-body");
            ReceivedSpan span = assertAllowedHttpSpan(otlp, "POST", url, "http", server.port(), 200);
            assertTraceparent(server.requests().get(1).header("traceparent"), span);
        }
    }

    @BothJdks
    void errorStatusIsPassedThroughAndRecorded(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/status/404");
            AppResult without = run(plain(jdk).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            AppResult with = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertThat(without.line()).isEqualTo("RESULT ok status=404 version=HTTP_1_1 body=status:404");
            assertSameAsWithoutAgent(with, without);
            assertAllowedHttpSpan(otlp, "GET", url, "http", server.port(), 404);
        }
    }

    @BothJdks
    void sendToDeniedPathFailsWithConnectExceptionAndNothingIsSent(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/secret/data");
            AppResult r = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + server.port());
            assertThat(r.via()).as(r.context()).isNull();
            server.assertNoRequest(Awaits.QUIET);
            assertDeniedHttpSpan(otlp, "GET", url, server.port(), r, null);
        }
    }

    @BothJdks
    void sendWithDeniedMethodFails(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/ok/resource");
            AppResult r = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "DELETE", url, "HTTP_1_1"));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + server.port());
            server.assertNoRequest(Awaits.QUIET);
            assertDeniedHttpSpan(otlp, "DELETE", url, server.port(), r, null);
        }
    }

    @BothJdks
    void sendAsyncToUnlistedPortFailsTheFutureWithConnectException(Jdk jdk) throws Exception {
        try (RecordingHttpServer allowed = RecordingHttpServer.http();
             RecordingHttpServer other = RecordingHttpServer.http();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(allowed.port()));
            String url = other.url("/ok/elsewhere");
            AppResult r = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "sendAsync", "GET", url, "HTTP_1_1"));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + other.port());
            assertThat(r.via()).as("sendAsync failure arrives through the future\n%s", r.context()).isEqualTo(EXECUTION_EXCEPTION);
            other.assertNoRequest(Awaits.QUIET);
            assertThat(allowed.requestCount()).isZero();
            assertDeniedHttpSpan(otlp, "GET", url, other.port(), r, "default-deny");
        }
    }

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
    void aRedirectToADeniedPathIsDenied(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/ok/redirect?to=/secret/target");
            AppResult without = run(plain(jdk).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            assertThat(without.line()).isEqualTo("RESULT ok status=200 version=HTTP_1_1 body=hello:/secret/target");
            int before = server.requestCount();
            AppResult r = run(withAgent(jdk, policy, otlp).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1"));
            // an IOException, not a ConnectException: the client retries a whole exchange on the latter
            assertDenied(r, "java.io.IOException", "127.0.0.1:" + server.port() + "/secret/target");
            assertThat(r.msg()).startsWith("warden: denied redirect to GET");
            Awaits.sleep(Awaits.QUIET.toMillis());
            assertThat(server.requests().subList(before, server.requestCount()))
                    .as("only the allowed first hop reached the server")
                    .extracting(RecordingHttpServer.Request::path).containsExactly("/ok/redirect?to=/secret/target");
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
