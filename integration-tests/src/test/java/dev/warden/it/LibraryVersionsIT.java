package dev.warden.it;

import dev.warden.it.apps.HttpClientsApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.RecordingHttpServer;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A library version an instrumentation does not support is skipped cleanly: a debug line says so, the app
 * works, and its connections are still decided at the socket level (no URL-level rules, spans or traceparent).
 */
class LibraryVersionsIT extends AgentTestSupport {

    private static final String OKHTTP_UNSUPPORTED = System.getProperty("warden.it.okhttp.unsupported.version");

    @BothJdks
    void okHttpBefore314IsSkippedWithADebugLineAndStillCheckedAtTheSocket(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http();
             RecordingHttpServer other = RecordingHttpServer.http();
             OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + server.port() + "\"");
            ForkedJvm.Result run = unsupportedOkHttp(jdk, policy, otlp, "get", server.url("/ok/get"), "host", other.url("/ok/elsewhere"));
            assertThat(run.wardenLines()).as(run.describe()).anySatisfy(line -> assertThat(line)
                    .startsWith("[warden] DEBUG OkHttpInstrumentation skipped in ")
                    .endsWith("the library there is not a supported version (supported: OkHttp 3.14.x, 4.x and 5.x)"));
            assertThat(run.describe()).doesNotContain("could not instrument", "internal error");

            List<AppResult> results = run.results();
            assertThat(results.get(0).line()).as(run.describe()).isEqualTo("RESULT ok case=get status=200 body=hello:/ok/get");
            assertThat(server.requests().get(0).header("traceparent")).as("not instrumented: no traceparent").isNull();
            // OkHttp 3 wraps the socket's denial in its own "Failed to connect" ConnectException: the refusal
            // holds, but the app reads OkHttp's message; the [warden] line carries Warden's
            assertThat(results.get(1).type()).as(run.describe()).isEqualTo(CONNECT_EXCEPTION);
            assertThat(run.wardenLines()).contains("[warden] warden: denied connect to 127.0.0.1:" + other.port()
                    + ": no egress rule allows 127.0.0.1:" + other.port() + " [rule default-deny]");
            assertThat(other.requestCount()).isZero();
        }
    }

    @BothJdks
    void anUnmediatedClientCannotReachADestinationWhoseRuleHasHttpConstraints(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));

            ForkedJvm.Result run = unsupportedOkHttp(jdk, policy, otlp, "get", server.url("/ok/get"));

            assertThat(run.results().get(0).type()).as(run.describe()).isEqualTo(CONNECT_EXCEPTION);
            assertThat(run.wardenLines()).anySatisfy(line -> assertThat(line)
                    .startsWith("[warden] warden: denied connect to 127.0.0.1:" + server.port())
                    .contains("has http: constraints, so it allows only the connections of Warden-mediated HTTP clients"));
            assertThat(server.requestCount()).isZero();
        }
    }

    /** {@code cases}: name and URL pairs, each a GET. */
    private static ForkedJvm.Result unsupportedOkHttp(Jdk jdk, Path policy, OtlpReceiver otlp, String... cases) {
        List<String> args = new java.util.ArrayList<>(List.of("okhttp"));
        for (int i = 0; i < cases.length; i += 2) {
            args.addAll(List.of(cases[i], "GET", cases[i + 1], "-"));
        }
        ForkedJvm.Result run = withAgent(jdk, policy, otlp, "debug=true")
                .classpath(HttpClientSuiteIT.classpathWith("okhttp-" + OKHTTP_UNSUPPORTED, List.of("okhttp-")))
                .main(HttpClientsApp.class, args.toArray(new String[0]))
                .run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        return run;
    }
}
