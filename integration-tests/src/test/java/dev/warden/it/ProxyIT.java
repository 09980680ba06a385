package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.SideDoorApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.LoopbackProxy;
import dev.warden.it.harness.RecordingHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Proxies decide the real destination as well as the proxy: SOCKS 5 (a {@code Proxy} object, the
 * {@code socksProxyHost} property, HttpURLConnection's SOCKS proxy) and HTTP proxies (plain proxying
 * and CONNECT), against real relaying proxies on loopback. A rule with {@code proxy: true} takes only
 * Warden-mediated clients' connections: a tunnel written by hand is refused.
 */
class ProxyIT extends AgentTestSupport {

    private static List<AppResult> run(Jdk jdk, Path policy, String... ops) {
        ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(policy).main(SideDoorApp.class, ops)
                .timeout(Duration.ofSeconds(60)).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.results()).as(r.describe()).hasSize(ops.length);
        return r.results();
    }

    private static void assertStatus200(AppResult result) {
        assertThat(result.line()).as(result.context()).endsWith("status=200");
    }

    @BothJdks
    void aSocksProxyIsAskedOnlyForDestinationsThePolicyAllows(Jdk jdk) throws Exception {
        try (LoopbackProxy socks = LoopbackProxy.socks5(); RecordingHttpServer allowed = RecordingHttpServer.http();
                RecordingHttpServer denied = RecordingHttpServer.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + socks.port() + "\"", "to: \"127.0.0.1:" + allowed.port() + "\"");
            String proxy = "|" + socks.port() + "|127.0.0.1|";

            List<AppResult> results = run(jdk, policy, "socks" + proxy + allowed.port() + "|/ok/object",
                    "urlconnection-socks|" + socks.port() + "|" + allowed.url("/ok/urlconnection"),
                    "okhttp-socks|" + socks.port() + "|" + allowed.url("/ok/okhttp"),
                    "socks" + proxy + denied.port() + "|/object",
                    // the JDK's ProxySelector never proxies loopback: a name it cannot resolve here goes to the proxy
                    "socksprop|" + socks.port() + "|denied.invalid|" + denied.port() + "|/property",
                    "urlconnection-socks|" + socks.port() + "|" + denied.url("/urlconnection"));

            results.subList(0, 3).forEach(ProxyIT::assertStatus200);
            // SocksSocketImpl wraps what its proxy connect threw in a SocketException of its own (through a
            // ProxySelector, after "Can't connect to SOCKS proxy:"): Warden's message is kept whole
            assertThat(results.get(3).type()).as(results.get(3).context()).isEqualTo("java.net.SocketException");
            assertThat(results.get(3).msg()).isEqualTo("warden: denied connect to 127.0.0.1:" + denied.port()
                    + " through SOCKS proxy 127.0.0.1:" + socks.port() + ": no egress rule allows 127.0.0.1:" + denied.port()
                    + " [rule default-deny]");
            assertThat(results.get(4).msg()).as(results.get(4).context()).endsWith("warden: denied connect to denied.invalid:"
                    + denied.port() + " through SOCKS proxy 127.0.0.1:" + socks.port() + ": no egress rule allows denied.invalid:"
                    + denied.port() + " [rule default-deny]");
            assertDenied(results.get(5), CONNECT_EXCEPTION, "GET " + denied.url("/urlconnection"));
            assertThat(socks.destinations()).containsOnly("127.0.0.1:" + allowed.port());
            assertThat(allowed.requests()).hasSize(3);
            assertThat(denied.requests()).isEmpty();
        }
    }

    @BothJdks
    void aProxyRuleTakesMediatedClientsAndRefusesTunnelsWrittenByHand(Jdk jdk) throws Exception {
        try (LoopbackProxy socks = LoopbackProxy.socks5(); LoopbackProxy http = LoopbackProxy.http();
                RecordingHttpServer target = RecordingHttpServer.http(); RecordingHttpServer other = RecordingHttpServer.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + socks.port() + "\"\nproxy: true",
                    "to: \"127.0.0.1:" + http.port() + "\"\nproxy: true", "to: \"127.0.0.1:" + target.port() + "\"");

            List<AppResult> results = run(jdk, policy, "socks|" + socks.port() + "|127.0.0.1|" + target.port() + "|/ok/socks",
                    "httpclient-proxy|" + http.port() + "|" + target.url("/ok/httpclient"),
                    "urlconnection-proxy|" + http.port() + "|" + target.url("/ok/urlconnection"),
                    "httpclient-proxy|" + http.port() + "|" + other.url("/other"),
                    "tunnel|" + http.port() + "|127.0.0.1|" + target.port() + "|/tunnel",
                    "raw|127.0.0.1|" + socks.port() + "|/raw");

            results.subList(0, 3).forEach(ProxyIT::assertStatus200);
            assertDenied(results.get(3), CONNECT_EXCEPTION, "GET " + other.url("/other"));
            for (AppResult refused : results.subList(4, 6)) {
                assertDenied(refused, CONNECT_EXCEPTION, "127.0.0.1:");
                assertThat(refused.msg()).contains(") is a proxy, so only Warden-mediated clients may connect to it");
            }
            assertThat(target.requests()).extracting(RecordingHttpServer.Request::path)
                    .containsExactlyInAnyOrder("/ok/socks", "/ok/httpclient", "/ok/urlconnection");
            assertThat(other.requests()).isEmpty();
            assertThat(http.destinations()).containsOnly("127.0.0.1:" + target.port());
        }
    }
}
