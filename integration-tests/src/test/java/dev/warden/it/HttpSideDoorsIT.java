package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.SideDoorApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Http2TlsServer;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.TestTls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Ways around URL-level rules: a rule with {@code http:} constraints decides requests, so a raw
 * socket to its host and port is refused (even right after an allowed request, on the same thread, and
 * from a class named like a client's connection code),
 * while every mediated client's own connection there still works.
 */
class HttpSideDoorsIT extends AgentTestSupport {

    private static List<AppResult> run(Jdk jdk, Path policy, String... ops) {
        return run(jdk, policy, Map.of(), ops);
    }

    private static List<AppResult> run(Jdk jdk, Path policy, Map<String, String> sysProps, String... ops) {
        // the JDK clients send an app's own Host header only when these let them
        ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(policy).sysProps(sysProps).sysProp("jdk.httpclient.allowRestrictedHeaders", "host")
                .sysProp("sun.net.http.allowRestrictedHeaders", "true").main(SideDoorApp.class, ops)
                .timeout(Duration.ofSeconds(60)).run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.results()).as(r.describe()).hasSize(ops.length);
        // a denial reaches the app once: Reactor reports an error signalled twice as dropped
        assertThat(r.stderr()).as(r.describe()).doesNotContain("onErrorDropped");
        return r.results();
    }

    private static List<String> paths(RecordingHttpServer server) {
        return server.requests().stream().map(RecordingHttpServer.Request::path).toList();
    }

    @BothJdks
    void aRawSocketCannotReachADestinationWhoseRuleHasHttpConstraints(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + server.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\"] }");
            String raw = "raw|127.0.0.1|" + server.port() + "|";

            // a class in OkHttp's connection package, in the app's own classes: OkHttp is woven in that loader, not there
            String rawUnderOkHttpsName = "raw-okhttp-name|127.0.0.1|" + server.port() + "|";
            List<AppResult> results = run(jdk, policy, "httpclient|" + server.url("/ok/jdk"),
                    "urlconnection|" + server.url("/ok/urlconnection"), "okhttp|" + server.url("/ok/okhttp"),
                    "apache|" + server.url("/ok/apache"), raw + "/admin", raw + "/ok/raw", rawUnderOkHttpsName + "/admin");

            for (AppResult allowed : results.subList(0, 4)) {
                assertThat(allowed.line()).as(allowed.context()).endsWith("status=200");
            }
            for (AppResult refused : results.subList(4, 7)) {
                assertDenied(refused, CONNECT_EXCEPTION, "127.0.0.1:" + server.port());
                assertThat(refused.msg()).contains("egress[0] (127.0.0.1:" + server.port() + ") has http: constraints")
                        .contains("only the connections of Warden-mediated HTTP clients").endsWith("[rule egress[0]]");
            }
            assertThat(paths(server)).containsExactly("/ok/jdk", "/ok/urlconnection", "/ok/okhttp", "/ok/apache");
        }
    }

    @BothJdks
    void aHostHeaderNamingAHostTheRulesDoNotAllowIsDeniedWithItsRequest(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            int port = server.port();
            Path policy = enforce("to: \"127.0.0.1:" + port + "\"", "to: \"allowed.example:" + port + "\"\ntls: optional");
            List<String> clients = List.of("httpclient", "urlconnection", "okhttp", "apache", "reactor", "webclient");
            List<String> ops = new java.util.ArrayList<>();
            for (String client : clients) {
                ops.add(client + "|" + server.url("/ok/" + client) + "|evil.example:" + port);
            }
            for (String client : clients) {
                ops.add(client + "|" + server.url("/ok/" + client) + "|allowed.example:" + port);
            }
            ops.add("httpclient|" + server.url("/ok/unreadable") + "|evil.example@127.0.0.1");

            List<AppResult> results = run(jdk, policy, ops.toArray(new String[0]));

            for (AppResult refused : results.subList(0, 6)) {
                assertDenied(refused, CONNECT_EXCEPTION, "GET http://127.0.0.1:" + port + "/ok/");
                assertThat(refused.msg()).contains(": its Host header names evil.example:" + port
                        + ": no egress rule allows evil.example:" + port).endsWith("[rule default-deny]");
            }
            for (AppResult allowed : results.subList(6, 12)) {
                assertThat(allowed.line()).as(allowed.context()).endsWith("status=200");
            }
            assertDenied(results.get(12), CONNECT_EXCEPTION, "its Host header names evil.example@127.0.0.1");
            assertThat(server.requests()).hasSize(6).allSatisfy(request -> assertThat(request.header("Host"))
                    .isEqualTo("allowed.example:" + port));
        }
    }

    /** Over HTTP/2 the app's Host header becomes the {@code :authority} the client sends: decided the same way. */
    @BothJdks
    void anHttp2AuthorityNamingAHostTheRulesDoNotAllowIsDeniedWithItsRequest(Jdk jdk) throws Exception {
        TestTls tls = TestTls.generate();
        try (Http2TlsServer server = Http2TlsServer.start(tls)) {
            int port = server.port();
            Path policy = enforce("to: \"127.0.0.1:" + port + "\"", "to: \"allowed.example:" + port + "\"");
            List<String> clients = List.of("httpclient-h2", "okhttp-h2");
            List<String> ops = new java.util.ArrayList<>();
            for (String client : clients) {
                ops.add(client + "|" + server.url("/ok/" + client) + "|evil.example:" + port);
            }
            for (String client : clients) {
                ops.add(client + "|" + server.url("/ok/" + client) + "|allowed.example:" + port);
            }
            for (String client : clients) {
                ops.add(client + "|" + server.url("/ok/" + client));
            }

            List<AppResult> results = run(jdk, policy, tls.trustStoreProps(tmp), ops.toArray(new String[0]));

            for (AppResult refused : results.subList(0, 2)) {
                assertDenied(refused, CONNECT_EXCEPTION, "GET https://127.0.0.1:" + port + "/ok/");
                assertThat(refused.msg()).contains(": its Host header names evil.example:" + port
                        + ": no egress rule allows evil.example:" + port).endsWith("[rule default-deny]");
            }
            for (AppResult allowed : results.subList(2, 6)) {
                assertThat(allowed.line()).as(allowed.context()).contains("status=200").contains("version=HTTP_2");
            }
            List<mockwebserver3.RecordedRequest> received = server.requests();
            assertThat(received).as(received.toString()).hasSize(4)
                    .allSatisfy(request -> assertThat(request.getVersion()).isEqualTo("HTTP/2"));
            // what really went on the wire: the allowed virtual host as the authority, then the URL's own
            for (mockwebserver3.RecordedRequest request : received.subList(0, 2)) {
                assertThat(authority(request)).as(request.getHeaders().toString()).isEqualTo("allowed.example:" + port);
            }
            for (mockwebserver3.RecordedRequest request : received.subList(2, 4)) {
                assertThat(authority(request)).as(request.getHeaders().toString()).isEqualTo("127.0.0.1:" + port);
            }
        }
    }

    /** The authority a request arrived with over HTTP/2: {@code :authority}, or a {@code host} field sent beside it. */
    private static String authority(mockwebserver3.RecordedRequest request) {
        String host = request.getHeaders().get("host");
        return host != null ? host : request.getHeaders().get(":authority");
    }

    @BothJdks
    void aRuleWithoutHttpConstraintsStillAllowsRawSocketsThere(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + server.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\"] }",
                    "to: \"127.0.0.1:" + server.port() + "\"");

            List<AppResult> results = run(jdk, policy, "raw|127.0.0.1|" + server.port() + "|/anything");

            assertThat(results.get(0).line()).as(results.get(0).context()).endsWith("status=200");
            assertThat(paths(server)).containsExactly("/anything");
        }
    }
}
