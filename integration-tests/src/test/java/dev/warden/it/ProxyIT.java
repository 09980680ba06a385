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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proxies decide the real destination as well as the proxy: SOCKS 5 (a {@code Proxy} object, the
 * {@code socksProxyHost} property, HttpURLConnection's SOCKS proxy) and HTTP proxies (plain proxying
 * and CONNECT), and Reactor Netty's {@code proxy(...)} (Netty's SOCKS 5, SOCKS 4 and HTTP CONNECT
 * handlers, for its HttpClient and TcpClient), against real relaying proxies on loopback. A rule
 * with {@code proxy: true} takes only Warden-mediated clients' connections: a tunnel written by hand
 * is refused.
 */
class ProxyIT extends AgentTestSupport {

    private static final String REACTOR_NETTY_OLDEST = System.getProperty("warden.it.reactor-netty.oldest.version");

    private static List<AppResult> run(Jdk jdk, Path policy, String... ops) {
        return run(jdk, ForkedJvm.testClasspath(), policy, ops);
    }

    private static List<AppResult> run(Jdk jdk, List<Path> classpath, Path policy, String... ops) {
        ForkedJvm.Result r = ForkedJvm.on(jdk).classpath(classpath).agentPolicy(policy).main(SideDoorApp.class, ops)
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

    /** Reactor Netty as the test class path has it (1.3 on Netty 4.2), and its oldest supported version on Netty 4.1. */
    static Stream<Arguments> reactorNettyVersions() {
        return onBothJdks(List.of("newest", "oldest"));
    }

    private static List<Path> reactorNetty(String version) {
        return version.equals("newest") ? ForkedJvm.testClasspath()
                : HttpClientSuiteIT.classpathWith("reactor-netty-" + REACTOR_NETTY_OLDEST, List.of("reactor-", "netty-"));
    }

    @ParameterizedTest(name = "{0} Reactor Netty {1}")
    @MethodSource("reactorNettyVersions")
    void reactorNettysProxyHandlersAskOnlyForDestinationsThePolicyAllows(Jdk jdk, String version) throws Exception {
        try (LoopbackProxy socks5 = LoopbackProxy.socks5(); LoopbackProxy socks4 = LoopbackProxy.socks4();
                LoopbackProxy http = LoopbackProxy.http(); RecordingHttpServer allowed = RecordingHttpServer.http();
                RecordingHttpServer denied = RecordingHttpServer.http()) {
            Map<String, LoopbackProxy> proxies = reactorProxies(socks5, socks4, http);
            Path policy = enforce("to: \"127.0.0.1:" + socks5.port() + "\"", "to: \"127.0.0.1:" + socks4.port() + "\"",
                    "to: \"127.0.0.1:" + http.port() + "\"", "to: \"127.0.0.1:" + allowed.port() + "\"");

            List<AppResult> results = run(jdk, reactorNetty(version), policy, reactorOps(proxies, allowed, denied));

            assertReactorThroughProxies(results, proxies, allowed, denied);
        }
    }

    @ParameterizedTest(name = "{0} Reactor Netty {1}")
    @MethodSource("reactorNettyVersions")
    void aProxyRuleTakesReactorNettysProxyHandlersButNotAHandshakeWrittenByHand(Jdk jdk, String version) throws Exception {
        try (LoopbackProxy socks5 = LoopbackProxy.socks5(); LoopbackProxy socks4 = LoopbackProxy.socks4();
                LoopbackProxy http = LoopbackProxy.http(); RecordingHttpServer allowed = RecordingHttpServer.http();
                RecordingHttpServer denied = RecordingHttpServer.http()) {
            Map<String, LoopbackProxy> proxies = reactorProxies(socks5, socks4, http);
            Path policy = enforce("to: \"127.0.0.1:" + socks5.port() + "\"\nproxy: true",
                    "to: \"127.0.0.1:" + socks4.port() + "\"\nproxy: true", "to: \"127.0.0.1:" + http.port() + "\"\nproxy: true",
                    "to: \"127.0.0.1:" + allowed.port() + "\"");
            List<String> ops = new ArrayList<>(List.of(reactorOps(proxies, allowed, denied)));
            // Reactor Netty's own connection code, connecting to the proxy without a proxy handler
            ops.add("reactor-tcp|127.0.0.1|" + socks5.port() + "|/by-hand");

            List<AppResult> results = run(jdk, reactorNetty(version), policy, ops.toArray(String[]::new));

            assertReactorThroughProxies(results.subList(0, results.size() - 1), proxies, allowed, denied);
            AppResult byHand = results.get(results.size() - 1);
            // a socket-level denial under Netty: its AnnotatedConnectException (a ConnectException), the address appended
            assertDenied(byHand, "io.netty.channel.AbstractChannel$AnnotatedConnectException", "127.0.0.1:" + socks5.port());
            assertThat(byHand.msg()).contains(") is a proxy, so only Warden-mediated clients may connect to it");
        }
    }

    private static Map<String, LoopbackProxy> reactorProxies(LoopbackProxy socks5, LoopbackProxy socks4, LoopbackProxy http) {
        Map<String, LoopbackProxy> proxies = new LinkedHashMap<>();
        proxies.put("SOCKS5", socks5);
        proxies.put("SOCKS4", socks4);
        proxies.put("HTTP", http);
        return proxies;
    }

    /** Per proxy type: HttpClient and TcpClient to the allowed server, then TcpClient and HttpClient to the denied one. */
    private static String[] reactorOps(Map<String, LoopbackProxy> proxies, RecordingHttpServer allowed, RecordingHttpServer denied) {
        List<String> ops = new ArrayList<>();
        proxies.forEach((type, proxy) -> {
            String via = type + "|" + proxy.port() + "|";
            ops.add("reactor-proxy|" + via + allowed.url("/ok/http-" + type));
            ops.add("reactor-tcp-proxy|" + via + "127.0.0.1|" + allowed.port() + "|/ok/tcp-" + type);
            ops.add("reactor-tcp-proxy|" + via + "127.0.0.1|" + denied.port() + "|/tcp-" + type);
            ops.add("reactor-proxy|" + via + denied.url("/http-" + type));
        });
        return ops.toArray(String[]::new);
    }

    private static void assertReactorThroughProxies(List<AppResult> results, Map<String, LoopbackProxy> proxies,
            RecordingHttpServer allowed, RecordingHttpServer denied) {
        int i = 0;
        for (Map.Entry<String, LoopbackProxy> proxy : proxies.entrySet()) {
            String type = proxy.getKey();
            assertStatus200(results.get(i));
            assertStatus200(results.get(i + 1));
            AppResult tcp = results.get(i + 2);
            assertDenied(tcp, CONNECT_EXCEPTION, "127.0.0.1:" + denied.port());
            assertThat(tcp.msg()).isEqualTo("warden: denied connect to 127.0.0.1:" + denied.port() + " through "
                    + (type.startsWith("SOCKS") ? "SOCKS" : "HTTP") + " proxy 127.0.0.1:" + proxy.getValue().port()
                    + ": no egress rule allows 127.0.0.1:" + denied.port() + " [rule default-deny]");
            assertDenied(results.get(i + 3), CONNECT_EXCEPTION, "GET " + denied.url("/http-" + type));
            assertThat(proxy.getValue().destinations()).as(type).containsOnly("127.0.0.1:" + allowed.port());
            assertThat(proxy.getValue().acceptedCount()).as(type + ": the connections of the allowed requests only").isEqualTo(2);
            i += 4;
        }
        assertThat(allowed.requests()).extracting(RecordingHttpServer.Request::path).containsExactlyInAnyOrder(
                "/ok/http-SOCKS5", "/ok/tcp-SOCKS5", "/ok/http-SOCKS4", "/ok/tcp-SOCKS4", "/ok/http-HTTP", "/ok/tcp-HTTP");
        assertThat(denied.requests()).isEmpty();
    }

    @BothJdks
    void grpcsShadedProxyHandlerAsksOnlyForDestinationsThePolicyAllows(Jdk jdk) throws Exception {
        try (LoopbackProxy http = LoopbackProxy.http(); RecordingHttpServer allowed = RecordingHttpServer.http();
                RecordingHttpServer denied = RecordingHttpServer.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + http.port() + "\"", "to: \"127.0.0.1:" + allowed.port() + "\"");
            String via = "grpc-netty-proxy|" + http.port() + "|127.0.0.1|";

            List<AppResult> results = run(jdk, policy, via + allowed.port() + "|/ok/grpc", via + denied.port() + "|/grpc");

            assertStatus200(results.get(0));
            assertDenied(results.get(1), CONNECT_EXCEPTION, "127.0.0.1:" + denied.port());
            assertThat(results.get(1).msg()).isEqualTo("warden: denied connect to 127.0.0.1:" + denied.port()
                    + " through HTTP proxy 127.0.0.1:" + http.port() + ": no egress rule allows 127.0.0.1:" + denied.port()
                    + " [rule default-deny]");
            assertThat(http.destinations()).containsOnly("127.0.0.1:" + allowed.port());
            assertThat(http.acceptedCount()).isEqualTo(1);
            assertThat(allowed.requests()).extracting(RecordingHttpServer.Request::path).containsExactly("/ok/grpc");
            assertThat(denied.requests()).isEmpty();
        }
    }
}
