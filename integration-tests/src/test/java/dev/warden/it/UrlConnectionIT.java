package dev.warden.it;

import dev.warden.it.apps.UrlConnectionApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.TestTls;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.warden.it.HttpClientSuiteIT.assertAllowedHttpSpan;
import static dev.warden.it.HttpClientSuiteIT.assertDeniedHttpSpan;
import static dev.warden.it.HttpClientSuiteIT.okRule;
import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * HttpURLConnection beyond the shared client suite ({@link HttpClientSuiteIT}): https, denial at every entry point,
 * the TCP connect span as a child of the HTTP span, kept-alive connections, credentials in the URL.
 */
class UrlConnectionIT extends AgentTestSupport {

    static final List<String> STEPS = List.of("connect", "getInputStream", "getOutputStream", "getResponseCode");

    @BothJdks
    void theTcpConnectSpanIsAChildOfTheHttpSpan(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/ok/child");
            AppResult with = run(withAgent(jdk, policy, otlp).main(UrlConnectionApp.class, "getInputStream", "GET", url));
            assertThat(with.line()).as(with.context()).isEqualTo("RESULT ok status=200 body=hello:/ok/child");
            ReceivedSpan http = otlp.awaitSpan("GET " + url, named("GET").and(withAttr("url.full", url)));
            ReceivedSpan connect = awaitConnectSpan(otlp, "127.0.0.1", server.port(), "allow");
            assertTcpConnectSpan(connect, "127.0.0.1", server.port(), "127.0.0.1", "allow", "egress[0]");
            assertThat(connect.traceId()).as("connect span in the HTTP span's trace: %s", connect).isEqualTo(http.traceId());
            assertThat(connect.parentSpanId()).as("connect span is a child of the HTTP span: %s", connect).isEqualTo(http.spanId());
        }
    }

    @BothJdks
    void credentialsInTheUrlAreRedactedOnTheSpan(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String url = "http://alice:s3cret@127.0.0.1:" + server.port() + "/ok/cred";
            AppResult with = run(withAgent(jdk, policy, otlp).main(UrlConnectionApp.class, "getInputStream", "GET", url));
            assertThat(with.line()).as(with.context()).isEqualTo("RESULT ok status=200 body=hello:/ok/cred");
            String redacted = "http://REDACTED:REDACTED@127.0.0.1:" + server.port() + "/ok/cred";
            ReceivedSpan s = otlp.awaitSpan("GET with redacted url.full", named("GET").and(withAttr("url.full", redacted)));
            assertDecision(s, "allow", "egress[0]");
            assertThat(otlp.spans()).as("no span carries the password").allSatisfy(span ->
                    assertThat(span.attributes().values().toString()).doesNotContain("s3cret"));
        }
    }

    static Stream<Arguments> deniedSteps() {
        List<Arguments> args = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (String step : STEPS) {
                args.add(Arguments.of(jdk, step));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("deniedSteps")
    void deniedRequestFailsWithConnectExceptionAtEveryEntryPoint(Jdk jdk, String step) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String method = step.equals("getOutputStream") ? "POST" : "GET";
            String url = server.url("/secret/" + step);
            AppResult r = run(withAgent(jdk, policy, otlp).main(UrlConnectionApp.class, step, method, url));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + server.port());
            server.assertNoRequest(Awaits.QUIET);
            assertDeniedHttpSpan(otlp, method, url, server.port(), r, null);
        }
    }

    @BothJdks
    void httpsAllowedUnchangedAndDeniedHostFails(Jdk jdk) throws Exception {
        TestTls tls = TestTls.generate();
        try (RecordingHttpServer server = RecordingHttpServer.https(tls);
             RecordingHttpServer other = RecordingHttpServer.https(tls);
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Map<String, String> trust = tls.trustStoreProps(tmp);
            Path policy = enforce(okRule(server.port()));
            String url = server.url("/ok/tls");
            AppResult without = run(plain(jdk).sysProps(trust).main(UrlConnectionApp.class, "getInputStream", "GET", url));
            AppResult with = run(withAgent(jdk, policy, otlp).sysProps(trust).main(UrlConnectionApp.class, "getInputStream", "GET", url));
            assertThat(without.line()).isEqualTo("RESULT ok status=200 body=hello:/ok/tls");
            assertSameAsWithoutAgent(with, without);
            ReceivedSpan http = assertAllowedHttpSpan(otlp, "GET", url, "https", server.port(), 200);
            assertTraceparent(server.requests().get(1).header("traceparent"), http);

            String deniedUrl = other.url("/ok/tls");
            AppResult r = run(withAgent(jdk, policy, otlp).sysProps(trust).main(UrlConnectionApp.class, "getResponseCode", "GET", deniedUrl));
            assertDenied(r, CONNECT_EXCEPTION, "127.0.0.1:" + other.port());
            other.assertNoRequest(Awaits.QUIET);
            assertDeniedHttpSpan(otlp, "GET", deniedUrl, other.port(), r, "default-deny");
        }
    }

    @BothJdks
    void aKeptAliveConnectionDoesNotCarryAnAllowDecisionToTheNextRequest(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(okRule(server.port()));
            String secret = server.url("/secret/two");
            var run = withAgent(jdk, policy, otlp).main(UrlConnectionApp.class, "sequence", "GET",
                    server.url("/ok/one"), secret, server.url("/ok/three")).run();
            assertThat(run.exitCode()).as(run.describe()).isZero();
            HttpClientIT.assertPerRequestDecisions(run.results(), "127.0.0.1:" + server.port());
            assertThat(server.requests()).extracting(RecordingHttpServer.Request::path).containsExactly("/ok/one", "/ok/three");
            assertDeniedHttpSpan(otlp, "GET", secret, server.port(), run.results().get(1), null);
        }
    }

}
