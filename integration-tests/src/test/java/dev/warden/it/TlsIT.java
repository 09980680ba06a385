package dev.warden.it;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.TlsApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.TestTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Data in transit: {@code tls: required} refuses plaintext URLs and sockets to plaintext ports, and
 * {@code tls_min_version} fails handshakes with a loopback TLS server that offers only an older version.
 */
class TlsIT extends AgentTestSupport {

    private static final String HANDSHAKE_EXCEPTION = "javax.net.ssl.SSLHandshakeException";
    private static final TestTls TLS = TestTls.generate();

    private List<AppResult> run(Jdk jdk, Path policy, String... calls) {
        ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(policy).sysProps(TLS.trustStoreProps(tmp))
                .main(TlsApp.class, calls).timeout(Duration.ofSeconds(60)).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.results()).as(r.describe()).hasSize(calls.length);
        return r.results();
    }

    @BothJdks
    void aRuleRequiringTlsRefusesPlaintextWithNothingSentAndLetsTlsThrough(Jdk jdk) throws Exception {
        try (RecordingHttpServer plain = RecordingHttpServer.http(); RecordingHttpServer tls = RecordingHttpServer.https(TLS)) {
            Path policy = policy("policy: " + POLICY + "\negress:\n  - to: \"127.0.0.1\"\n    tls: required\n");

            List<AppResult> results = run(jdk, policy, "httpclient:" + plain.url("/ok/a"), "urlconnection:" + plain.url("/ok/b"),
                    "socket:127.0.0.1:25", "httpclient:" + tls.url("/ok/c"), "urlconnection:" + tls.url("/ok/d"),
                    "sslsocket:127.0.0.1:" + tls.port());

            for (AppResult refused : results.subList(0, 3)) {
                assertDenied(refused, CONNECT_EXCEPTION, "127.0.0.1");
                assertThat(refused.msg()).contains("plaintext").contains("requires TLS").endsWith("[rule egress[0]]");
            }
            assertThat(results.get(0).msg()).contains("plaintext http:// to 127.0.0.1:" + plain.port());
            assertThat(results.get(2).msg()).contains("plaintext port 25");
            plain.assertNoRequest(Duration.ofMillis(300));
            for (AppResult allowed : results.subList(3, 6)) {
                assertOk(allowed);
            }
            assertThat(tls.requestCount()).isEqualTo(3);
        }
    }

    @BothJdks
    void aHandshakeBelowTheMinimumVersionFailsCleanlyAndWorksWhenTheMinimumAllowsIt(Jdk jdk) throws Exception {
        try (RecordingHttpServer onlyTls12 = RecordingHttpServer.https(TLS, "TLSv1.2")) {
            String[] calls = {"httpclient:" + onlyTls12.url("/ok/a"), "urlconnection:" + onlyTls12.url("/ok/b"),
                "sslsocket:127.0.0.1:" + onlyTls12.port()};
            Path demands13 = policy("policy: " + POLICY + "\ntls_min_version: \"1.3\"\negress:\n  - to: \"127.0.0.1\"\n");

            for (AppResult refused : run(jdk, demands13, calls)) {
                assertDenied(refused, HANDSHAKE_EXCEPTION, "warden: denied TLS handshake with ");
                assertThat(refused.msg()).contains("the server chose TLS 1.2, below the policy's minimum TLS 1.3")
                        .endsWith("[rule tls_min_version]");
            }
            onlyTls12.assertNoRequest(Duration.ofMillis(300));

            Path allows12 = policy("policy: " + POLICY + "\ntls_min_version: \"1.2\"\negress:\n  - to: \"127.0.0.1\"\n");
            List<AppResult> allowed = run(jdk, allows12, calls);
            allowed.forEach(AgentTestSupport::assertOk);
            assertThat(allowed.get(0).get("status")).isEqualTo("200");
            assertThat(allowed.get(2).get("protocol")).isEqualTo("TLSv1.2");
            assertThat(onlyTls12.requestCount()).isEqualTo(3);
        }
    }

    @BothJdks
    void aRefusedHandshakeHasASpanOfItsOwnBesideTheFailedRequest(Jdk jdk) throws Exception {
        try (RecordingHttpServer onlyTls12 = RecordingHttpServer.https(TLS, "TLSv1.2"); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path demands13 = policy("policy: " + POLICY + "\ntls_min_version: \"1.3\"\negress:\n  - to: \"127.0.0.1\"\n");
            String url = onlyTls12.url("/ok/a");

            ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(demands13).sysProps(TLS.trustStoreProps(tmp))
                    .env(otlp.exporterEnv()).main(TlsApp.class, "urlconnection:" + url).timeout(Duration.ofSeconds(60)).run();

            assertDenied(r.results().get(0), HANDSHAKE_EXCEPTION, "warden: denied TLS handshake with ");
            ReceivedSpan handshake = otlp.awaitSpan("the refused handshake's span", named("tls handshake"));
            assertThat(handshake.str("warden.decision")).isEqualTo("deny");
            assertThat(handshake.str("warden.rule")).isEqualTo("tls_min_version");
            assertThat(handshake.str("warden.reason")).isEqualTo("the server chose TLS 1.2, below the policy's minimum TLS 1.3");
            assertThat(handshake.str("warden.target")).endsWith(":" + onlyTls12.port());
            assertThat(handshake.statusCode()).isEqualTo("ERROR");
            ReceivedSpan request = otlp.awaitSpan("the failed request's span", named("GET").and(withAttr("url.full", url)));
            assertThat(request.str("error.type")).isEqualTo(HANDSHAKE_EXCEPTION);
            onlyTls12.assertNoRequest(Duration.ofMillis(300));
        }
    }
}
