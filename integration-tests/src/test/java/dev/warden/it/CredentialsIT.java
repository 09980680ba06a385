package dev.warden.it;

import dev.warden.it.apps.CredentialApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.TestTls;
import dev.warden.it.harness.WardenAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Secretless credentials: the app holds only the placeholder wdn_cred_llm; the server the credential goes to receives
 * the real value in the header, the query and the body, through each URL-level client; the app cannot read the
 * value from its environment, a child's environment or the secret file; a placeholder sent elsewhere is refused
 * with nothing received there; no span, log line or audit record carries the value.
 */
class CredentialsIT extends AgentTestSupport {

    private static final String SECRET = "sk-live-7f3a9c2e11d04b6a";
    private static final String FILE_SECRET = "sk-file-5be0c4d29a";

    private Path policy(int port, int elsewhere, Path secretFile, Path audit) {
        return policy("policy: " + POLICY + "\nmode: enforce\n"
                + "egress:\n  - to: \"127.0.0.1:" + port + "\"\n  - to: \"127.0.0.1:" + elsewhere + "\"\n"
                + "files:\n  - path: \"" + tmp + "/**\"\n    allow: [read]\n"
                + "  - path: \"/proc/**\"\n    allow: [read]\n"
                + "processes:\n  - command: [\"/usr/bin/env\"]\n"
                + "credentials:\n"
                + "  - name: llm\n    value: env:LLM_API_KEY\n    to: \"127.0.0.1:" + port + "\"\n"
                + "  - name: backup\n    value: \"file:" + secretFile + "\"\n    to: \"127.0.0.1:" + port + "\"\n");
    }

    private static Map<String, AppResult> byCase(ForkedJvm.Result run) {
        Map<String, AppResult> cases = new LinkedHashMap<>();
        run.results().forEach(r -> cases.put(r.get("case"), r));
        return cases;
    }

    /** The server's first requests, one per client in order: each carries the real value where its client puts it. */
    private static void assertEachClientSentTheValue(List<String> clients, RecordingHttpServer server, Map<String, AppResult> cases) {
        for (int i = 0; i < clients.size(); i++) {
            String client = clients.get(i);
            RecordingHttpServer.Request received = server.requests().get(i);
            assertOk(cases.get(client));
            assertThat(received.header("authorization")).as(client).isEqualTo("Bearer " + SECRET);
            // Apache HttpClient's bodies do not pass the body seam (README, Known limits)
            assertThat(received.bodyText()).as(client).isEqualTo("{\"api_key\":\""
                    + (client.equals("apache") ? "wdn_cred_llm" : SECRET) + "\"}");
            assertThat(received.path()).as(client).isEqualTo("/v1/chat/completions?key=" + SECRET + "&model=x");
        }
    }

    /** Files' denial: the bridge's AccessDeniedException (dev.warden.bootstrap.FileDenied). */
    private static void assertFileDenied(AppResult r, String path) {
        assertThat(r.outcome()).as("%s\n%s", r, r.context()).isEqualTo("denied");
        assertThat(r.type()).isIn("java.nio.file.AccessDeniedException", "dev.warden.bootstrap.FileDenied");
        assertThat(r.msg()).startsWith(DENIED_PREFIX + " read of " + path);
    }

    @BothJdks
    void theServerGetsTheRealValueAndTheAppOnlyThePlaceholder(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http("127.0.0.1");
                RecordingHttpServer elsewhere = RecordingHttpServer.http("127.0.0.1");
                OtlpReceiver otlp = OtlpReceiver.http()) {
            Path secretFile = Files.writeString(tmp.resolve("backup.secret"), FILE_SECRET + "\n");
            Path audit = tmp.resolve("audit.log");
            Path dataKeys = tmp.resolve("data.keys");
            new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar()).run("keygen", "--data", "--out", dataKeys.toString());
            List<String> clients = List.of("jdk", "okhttp", "url-connection", "apache");
            List<String> args = new java.util.ArrayList<>(List.of(secretFile.toString()));
            for (String client : clients) {
                args.addAll(List.of(client, client, server.url("/v1/chat/completions")));
            }
            args.addAll(List.of("elsewhere-jdk", "jdk", elsewhere.url("/v1/chat/completions")));
            args.addAll(List.of("elsewhere-okhttp", "okhttp", elsewhere.url("/v1/chat/completions")));
            args.addAll(List.of("elsewhere-url-connection", "url-connection", elsewhere.url("/v1/chat/completions")));
            args.addAll(List.of("elsewhere-apache", "apache", elsewhere.url("/v1/chat/completions")));
            // a redirect the client follows on its own would re-send the real Authorization to the other server
            String redirect = server.url("/ok/redirect?to=" + elsewhere.url("/v1/chat/completions"));
            args.addAll(List.of("redirect-jdk", "jdk-redirects", redirect));
            args.addAll(List.of("redirect-url-connection", "url-connection", redirect));
            args.addAll(List.of("headers-langchain4j", "langchain4j", server.url("/v1")));
            args.addAll(List.of("headers-spring-ai", "spring-ai", server.url("/v1")));
            args.addAll(List.of("headers-redirect-jdk", "jdk-redirects", redirect));
            args.addAll(List.of("headers-redirect-url-connection", "url-connection", redirect));

            ForkedJvm.Result run = withAgent(jdk, policy(server.port(), elsewhere.port(), secretFile, audit), otlp,
                    "audit=" + audit, "keys=" + dataKeys).env("LLM_API_KEY", SECRET).env("IT_OTHER_VARIABLE", "visible")
                    .env("IT_WARDEN_FILES", dataKeys + ":" + audit + ".key")
                    .timeout(Duration.ofSeconds(60)).main(CredentialApp.class, args.toArray(new String[0])).run();
            assertThat(run.exitCode()).as("%s", run).isZero();
            Map<String, AppResult> cases = byCase(run);

            // the app's own view
            assertThat(cases.get("getenv").values()).containsEntry("value", "null").containsEntry("inMap", "false")
                    .containsEntry("other", "visible");
            assertThat(cases.get("child-exec").get("sees")).as("a child inheriting the JVM's environment").isEqualTo("false");
            assertThat(cases.get("child-builder").values()).containsEntry("inBuilder", "false").containsEntry("sees", "false");
            assertFileDenied(cases.get("file"), secretFile.toString());
            assertThat(cases.get("file").msg()).contains("holds the value of credential backup", "[rule credentials[backup]");
            assertFileDenied(cases.get("environ"), "/proc/self/environ");
            // the policy allows /proc/** and the temporary directory: what only Warden reads stays refused
            assertThat(cases.get("thread-environ").outcome()).as("/proc/thread-self/environ: %s", cases.get("thread-environ"))
                    .isEqualTo("denied");
            assertThat(cases.get("thread-environ").msg()).contains("/environ", "[rule credentials[llm]");
            assertFileDenied(cases.get("memory"), "/proc/self/mem");
            assertFileDenied(cases.get("warden-file-0"), dataKeys.toString());
            assertThat(cases.get("warden-file-0").msg()).contains("Warden's own keys", "[rule warden-secrets]");
            assertFileDenied(cases.get("warden-file-1"), audit + ".key");

            // what the server the credential goes to received
            assertThat(server.requests()).hasSize(clients.size() + 6);
            assertOk(cases.get("headers-langchain4j"));
            assertThat(server.requests()).filteredOn(request -> request.path().equals("/v1/chat/completions")
                            && request.bodyText().contains("hello") && !request.bodyText().contains("from spring"))
                    .singleElement().satisfies(request -> assertThat(request.header("authorization")).isEqualTo("Bearer " + SECRET));
            assertOk(cases.get("headers-spring-ai"));
            assertThat(server.requests()).as("Spring AI's OpenAI client, configured with the placeholder")
                    .filteredOn(request -> request.path().equals("/v1/chat/completions") && request.bodyText().contains("from spring"))
                    .singleElement().satisfies(request -> assertThat(request.header("authorization")).isEqualTo("Bearer " + SECRET));
            assertEachClientSentTheValue(clients, server, cases);
            assertThat(cases.get("apache").get("afterwards")).as("the app's own request object after it was sent")
                    .isEqualTo("Bearer_wdn_cred_llm");

            // a placeholder sent elsewhere
            for (String client : List.of("elsewhere-jdk", "elsewhere-okhttp", "elsewhere-url-connection", "elsewhere-apache")) {
                assertDenied(cases.get(client), CONNECT_EXCEPTION, "POST " + elsewhere.url("/v1/chat/completions"));
                assertThat(cases.get(client).msg()).contains("carries credential llm, which goes only to 127.0.0.1:"
                        + server.port(), "[rule credentials[llm]");
            }
            for (String client : List.of("redirect-jdk", "redirect-url-connection")) {
                assertThat(cases.get(client).outcome()).as("%s", cases.get(client)).isEqualTo("denied");
                // the test server echoes the query into Location: the hop's URL carries the value too
                assertThat(cases.get(client).msg()).as(client).startsWith(DENIED_PREFIX).contains(
                        "value of credential llm", "which goes only to 127.0.0.1:" + server.port()).doesNotContain(SECRET);
            }
            // only the re-sent Authorization header would carry it: refused where the client re-sends it
            for (String client : List.of("headers-redirect-jdk", "headers-redirect-url-connection")) {
                AppResult result = cases.get(client);
                if (result.outcome().equals("denied")) {
                    assertThat(result.msg()).as(client).contains("the redirect would re-send the value of credential llm");
                }
            }
            assertThat(elsewhere.requests()).as("what the other server received")
                    .allSatisfy(request -> assertThat(request.toString()).doesNotContain(SECRET))
                    .allSatisfy(request -> assertThat(request.header("authorization")).isNull());
            assertThat(elsewhere.requestCount()).as("requests elsewhere: only hops that carry no credential").isLessThanOrEqualTo(2);

            // nothing recorded carries the value
            otlp.awaitSpans("the spans of the requests that got the credential", withAttr("warden.credential", "llm"),
                    clients.size() + 6, Duration.ofSeconds(20));
            otlp.awaitSpans("the refused requests' spans", span -> span.toString().contains("credential llm"), 6,
                    Duration.ofSeconds(20));
            for (ReceivedSpan span : otlp.spans()) {
                assertThat(span.toString()).doesNotContain(SECRET, FILE_SECRET);
            }
            assertThat(Files.readString(audit)).contains("carries credential llm").doesNotContain(SECRET, FILE_SECRET);
            assertThat(run.stdout() + run.stderr()).doesNotContain(SECRET, FILE_SECRET);
        }
    }

    /**
     * Every URL-level client over HTTPS. HttpURLConnection hands its work to a delegate of another class
     * there (the JDK's {@code DelegateHttpsURLConnection}): its headers are where the plain connection keeps
     * them, and a redirect it follows to another server is checked for them as over HTTP.
     */
    @BothJdks
    void overHttpsEveryClientPutsTheValueInTooAndARedirectElsewhereGetsNone(Jdk jdk) throws Exception {
        TestTls tls = TestTls.generate();
        try (RecordingHttpServer server = RecordingHttpServer.https(tls);
                RecordingHttpServer elsewhere = RecordingHttpServer.https(tls);
                OtlpReceiver otlp = OtlpReceiver.http()) {
            Path secretFile = Files.writeString(tmp.resolve("backup.secret"), FILE_SECRET + "\n");
            List<String> clients = List.of("url-connection", "jdk", "okhttp", "apache");
            List<String> args = new java.util.ArrayList<>(List.of(secretFile.toString()));
            for (String client : clients) {
                args.addAll(List.of(client, client, server.url("/v1/chat/completions")));
            }
            String redirect = server.url("/ok/redirect?to=" + elsewhere.url("/v1/chat/completions"));
            args.addAll(List.of("redirect-url-connection", "url-connection", redirect));
            args.addAll(List.of("headers-redirect-url-connection", "url-connection", redirect));
            ForkedJvm.Result run = withAgent(jdk, policy(server.port(), elsewhere.port(), secretFile, tmp.resolve("audit.log")), otlp)
                    .env("LLM_API_KEY", SECRET).sysProps(tls.trustStoreProps(tmp))
                    .timeout(Duration.ofSeconds(60)).main(CredentialApp.class, args.toArray(new String[0])).run();
            assertThat(run.exitCode()).as("%s", run).isZero();
            Map<String, AppResult> cases = byCase(run);
            assertThat(server.requests()).as("each client's request, then each redirect's first hop").hasSize(clients.size() + 2);
            assertEachClientSentTheValue(clients, server, cases);
            assertThat(cases.get("redirect-url-connection").outcome()).as("%s", cases.get("redirect-url-connection"))
                    .isEqualTo("denied");
            assertThat(cases.get("redirect-url-connection").msg()).startsWith(DENIED_PREFIX)
                    .contains("value of credential llm", "which goes only to 127.0.0.1:" + server.port()).doesNotContain(SECRET);
            // HttpURLConnection re-sends the headers the app set to wherever it is redirected: refused
            AppResult headersOnly = cases.get("headers-redirect-url-connection");
            assertThat(headersOnly.outcome()).as("%s", headersOnly).isEqualTo("denied");
            assertThat(headersOnly.msg()).contains("the redirect would re-send the value of credential llm");
            assertThat(elsewhere.requests()).as("what the other server received").isEmpty();
            List<ReceivedSpan> spans = otlp.awaitSpans("the HTTPS requests' spans",
                    withAttr("warden.credential", "llm").and(span -> !String.valueOf(span.str("url.full")).contains("redirect")),
                    clients.size(), Duration.ofSeconds(20));
            assertThat(spans).allSatisfy(span -> assertThat(span.lng("http.response.status_code")).isEqualTo(200L));
        }
    }

    @BothJdks
    void aCredentialWithoutItsSourceStopsAnEnforcingStart(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http("127.0.0.1"); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path missing = tmp.resolve("no-such.secret");
            ForkedJvm.Result r = withAgent(jdk, policy(server.port(), server.port(), missing, tmp.resolve("a.log")), otlp)
                    .env("LLM_API_KEY", SECRET).main(CredentialApp.class, missing.toString()).run();

            String fatal = StartupIT.assertFatal(r);
            assertThat(fatal).contains("credential 'backup' has no value: file " + missing + " does not exist");
            assertThat(server.requestCount()).isZero();
        }
    }

    @BothJdks
    void auditModeWarnsOfAMissingSourceAndOnlyRecordsAPlaceholderSentElsewhere(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http("127.0.0.1");
                RecordingHttpServer elsewhere = RecordingHttpServer.http("127.0.0.1");
                OtlpReceiver otlp = OtlpReceiver.http()) {
            Path missing = tmp.resolve("no-such.secret");
            Path audit = tmp.resolve("audit.log");
            Path policy = policy(Files.readString(policy(server.port(), elsewhere.port(), missing, audit))
                    .replace("mode: enforce", "mode: audit"));
            ForkedJvm.Result run = withAgent(jdk, policy, otlp, "audit=" + audit).env("LLM_API_KEY", SECRET)
                    .main(CredentialApp.class, missing.toString(), "elsewhere", "jdk", elsewhere.url("/v1/x")).run();

            assertThat(run.exitCode()).as("%s", run).isZero();
            assertThat(run.wardenLines()).anyMatch(line -> line.contains("credential 'backup' has no value (file " + missing
                    + " does not exist)"));
            assertThat(run.wardenLines()).anyMatch(line -> line.contains("audit-deny") && line.contains("carries credential llm"));
            assertOk(byCase(run).get("elsewhere"));
            assertThat(elsewhere.awaitRequest(Duration.ofSeconds(5)).header("authorization")).isEqualTo("Bearer wdn_cred_llm");
            assertThat(run.stdout() + run.stderr() + Files.readString(audit)).doesNotContain(SECRET);
        }
    }
}
