package dev.warden.it;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.JdbcApp;
import dev.warden.it.apps.SideDoorApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.PolicyFile;
import dev.warden.it.harness.RecordingHttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Beside a second real ByteBuddy-based agent, Elastic's APM agent, which weaves the same JDK HTTP
 * clients and JDBC classes as Warden, in both orders. Both start, no class is reported unmediated,
 * Warden's rules hold at the URL and JDBC levels, and both export: the other agent's events reach
 * its intake (allowed by the policy: its export is the app's traffic to Warden), Warden's spans
 * reach its OTLP receiver.
 */
class ElasticApmAgentIT extends AgentTestSupport {

    private static final Path ELASTIC_AGENT = Path.of(System.getProperty("warden.it.elastic.agent.jar",
            "target/agents/elastic-apm-agent.jar"));

    /** The other agent's settings: its intake, and the app's main as a transaction, so that its HTTP and JDBC spans are made. */
    private static Map<String, String> elasticSettings(RecordingHttpServer intake, Class<?> app) {
        return Map.of("elastic.apm.server_url", "http://127.0.0.1:" + intake.port(),
                "elastic.apm.service_name", "warden-it",
                "elastic.apm.trace_methods", app.getName() + "#main",
                "elastic.apm.central_config", "false",
                "elastic.apm.cloud_provider", "NONE",
                "elastic.apm.metrics_interval", "0s",
                "elastic.apm.api_request_time", "100ms",
                "elastic.apm.log_level", "WARN");
    }

    private static ForkedJvm.Builder both(Jdk jdk, boolean wardenFirst, Path policy, OtlpReceiver otlp,
            RecordingHttpServer intake, Class<?> app) {
        ForkedJvm.Builder jvm = ForkedJvm.on(jdk);
        String elastic = "-javaagent:" + ELASTIC_AGENT.toAbsolutePath();
        if (wardenFirst) {
            jvm.agentPolicy(policy).jvmArg(elastic);
        } else {
            jvm.jvmArg(elastic).agentPolicy(policy);
        }
        return jvm.otlp(otlp).sysProps(elasticSettings(intake, app)).timeout(Duration.ofSeconds(120));
    }

    /**
     * What the other agent itself does at start is the app's access too: its config file beside its jar, the
     * memory and cgroup files it reports, {@code hostname -f}, and {@code sun.misc.Unsafe} for its ring buffer.
     * Listed before Warden it has done all that before Warden starts.
     */
    private static String elasticsOwnAccesses() {
        return "files:\n"
                + "  - path: \"" + ELASTIC_AGENT.toAbsolutePath().getParent() + "/elasticapm.properties\"\n    allow: [read, stat]\n"
                + "  - path: \"/proc/self/mountinfo\"\n    allow: [read, stat]\n"
                + "  - path: \"/proc/self/cgroup\"\n    allow: [read, stat]\n"
                + "  - path: \"/proc/meminfo\"\n    allow: [read, stat]\n"
                + "  - path: \"/sys/fs/cgroup/**\"\n    allow: [read, stat, list]\n"
                + "processes:\n  - command: [\"hostname\", \"-f\"]\n"
                + "native:\n  unsafe: true\n";
    }

    private static String intakeRule(RecordingHttpServer intake) {
        return "to: \"127.0.0.1:" + intake.port() + "\"\nhttp: { methods: [GET, POST], paths: [\"/\", \"/intake/**\", \"/config/**\"] }";
    }

    @BothJdks
    void withWardenFirstUrlLevelRulesHoldAndBothExport(Jdk jdk) throws Exception {
        urlLevelRulesHoldAndBothExport(jdk, true);
    }

    @BothJdks
    void withTheOtherAgentFirstUrlLevelRulesHoldAndBothExport(Jdk jdk) throws Exception {
        urlLevelRulesHoldAndBothExport(jdk, false);
    }

    private void urlLevelRulesHoldAndBothExport(Jdk jdk, boolean wardenFirst) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); RecordingHttpServer intake = RecordingHttpServer.http();
                OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy(PolicyFile.egress(POLICY, "enforce", HttpClientSuiteIT.okRule(server.port()), intakeRule(intake))
                    + elasticsOwnAccesses());

            ForkedJvm.Result run = both(jdk, wardenFirst, policy, otlp, intake, SideDoorApp.class).main(SideDoorApp.class,
                    "urlconnection|" + server.url("/ok/urlconnection"), "httpclient|" + server.url("/ok/httpclient"),
                    "urlconnection|" + server.url("/admin"), "httpclient|" + server.url("/admin")).run();

            assertNothingUnmediated(run);
            List<AppResult> results = run.results();
            assertThat(results.get(0).line()).as(run.describe()).endsWith("status=200");
            assertThat(results.get(1).line()).as(run.describe()).endsWith("status=200");
            for (AppResult refused : results.subList(2, 4)) {
                assertDenied(refused, CONNECT_EXCEPTION, "GET " + server.url("/admin"));
            }
            assertThat(server.requests()).extracting(RecordingHttpServer.Request::path)
                    .containsExactlyInAnyOrder("/ok/urlconnection", "/ok/httpclient");
            otlp.awaitSpan("Warden's span of the allowed GET", named("GET").and(withAttr("url.full", server.url("/ok/urlconnection"))));
            assertIntakeGot(intake, "\"url\":\"" + server.url("/ok/httpclient") + "\"", run);
        }
    }

    @BothJdks
    void withWardenFirstSqlIsDecidedAndBothExport(Jdk jdk) throws Exception {
        sqlIsDecidedAndBothExport(jdk, true);
    }

    @BothJdks
    void withTheOtherAgentFirstSqlIsDecidedAndBothExport(Jdk jdk) throws Exception {
        sqlIsDecidedAndBothExport(jdk, false);
    }

    private void sqlIsDecidedAndBothExport(Jdk jdk, boolean wardenFirst) throws Exception {
        try (RecordingHttpServer intake = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy("policy: " + POLICY + "\nmode: enforce\negress:\n  - " + intakeRule(intake).replace("\n", "\n    ")
                    + "\ndatabases:\n  - { url: \"jdbc:h2:mem:elastic\", allow: [select, insert, ddl], tables: [notes] }\n"
                    + elasticsOwnAccesses());

            ForkedJvm.Result run = both(jdk, wardenFirst, policy, otlp, intake, JdbcApp.class).main(JdbcApp.class, "hikari",
                    "jdbc:h2:mem:elastic", "x:CREATE TABLE notes(id INT)", "u:INSERT INTO notes VALUES (1)",
                    "q:SELECT * FROM notes", "u:DELETE FROM notes").run();

            assertNothingUnmediated(run);
            List<AppResult> results = run.results();
            for (AppResult allowed : results.subList(0, 4)) { // the connection, CREATE, INSERT, SELECT
                assertThat(allowed.outcome()).as(run.describe()).isEqualTo("ok");
            }
            assertThat(results.get(4).outcome()).as(run.describe()).isEqualTo("denied");
            assertThat(results.get(4).type()).isEqualTo("java.sql.SQLException");
            assertThat(results.get(4).msg()).startsWith(DENIED_PREFIX + " DELETE on jdbc:h2:mem:elastic");
            otlp.awaitSpan("Warden's span of the SELECT", named("SELECT notes"));
            assertIntakeGot(intake, "SELECT * FROM notes", run);
        }
    }

    @BothJdks
    void theOtherAgentsDeniedExportIsExplainedInOneLine(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); RecordingHttpServer intake = RecordingHttpServer.http();
                OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy(PolicyFile.egress(POLICY, "enforce", HttpClientSuiteIT.okRule(server.port())) + elasticsOwnAccesses());

            ForkedJvm.Result run = both(jdk, true, policy, otlp, intake, SideDoorApp.class)
                    .main(SideDoorApp.class, "urlconnection|" + server.url("/ok/urlconnection")).run();

            assertThat(run.results().get(0).line()).as(run.describe()).endsWith("status=200");
            String target = "127.0.0.1:" + intake.port();
            assertThat(run.wardenLines()).as(run.describe())
                    .filteredOn(line -> line.startsWith("[warden] another agent's export to " + target + " is denied by the policy"))
                    .hasSize(1).first().asString().endsWith("to allow it, add to egress: - to: \"" + target + "\"");
            assertThat(intake.requests()).as(run.describe()).isEmpty();
        }
    }

    private static void assertNothingUnmediated(ForkedJvm.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("NOT mediated")
                || line.contains("another agent's export"));
        // what self-protection keeps from it, as documented: when it starts after Warden, the JDK classes that carry
        // Warden's checks are left out of its retransformations (ForkJoinTask and ProcessBuilder, for its context
        // propagation), the rest of each batch goes on; started before Warden, nothing is kept from it
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("denied redefinition"))
                .filteredOn(line -> line.contains("denied retransformation"))
                .allMatch(line -> line.startsWith("[warden] warden: denied retransformation of java.")
                        && line.contains(" (-javaagent elastic-apm-agent.jar): an agent started after Warden (")
                        && line.endsWith("it is left out, the rest of the batch is retransformed (an agent listed before Warden may retransform it) [rule self-protection]"));
    }

    /** The other agent's events (ND-JSON) sent while the app ran, or by its flush at exit, hold {@code text}. */
    private static void assertIntakeGot(RecordingHttpServer intake, String text, ForkedJvm.Result run) {
        assertThat(intake.requests()).as("the other agent's intake requests\n%s", run.describe())
                .filteredOn(request -> request.path().startsWith("/intake/"))
                .anySatisfy(request -> assertThat(decoded(request)).contains(text));
    }

    /** The agent compresses its events (Content-Encoding deflate or gzip). */
    private static String decoded(RecordingHttpServer.Request request) {
        String encoding = String.valueOf(request.header("Content-Encoding"));
        try (InputStream body = switch (encoding) {
            case "deflate" -> new InflaterInputStream(new ByteArrayInputStream(request.body()));
            case "gzip" -> new GZIPInputStream(new ByteArrayInputStream(request.body()));
            default -> new ByteArrayInputStream(request.body());
        }) {
            return new String(body.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
