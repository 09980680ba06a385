package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.HelloApp;
import dev.warden.it.apps.JdbcApp;
import dev.warden.it.apps.SideDoorApp;
import dev.warden.it.apps.SleepApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.Awaits;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Beside the real OpenTelemetry Java agent, in both orders: attached first, the classes it transformed
 * before Warden (HttpURLConnection, the JDBC driver and pool) are still woven; attached after, it
 * starts (it reads its own jar, JVM data). Enforcement holds at the URL and JDBC levels, and no class
 * is reported unmediated.
 */
class OtelAgentIT extends AgentTestSupport {

    private static final Path OTEL_AGENT = Path.of(System.getProperty("warden.it.otel.agent.jar",
            "target/agents/opentelemetry-javaagent.jar"));

    private static ForkedJvm.Builder otelThenWarden(Jdk jdk, Path policy) {
        return ForkedJvm.on(jdk).jvmArg("-javaagent:" + OTEL_AGENT.toAbsolutePath()).agentPolicy(policy)
                .sysProp("otel.traces.exporter", "none").sysProp("otel.metrics.exporter", "none")
                .sysProp("otel.logs.exporter", "none").timeout(Duration.ofSeconds(120));
    }

    private static ForkedJvm.Builder wardenThenOtel(Jdk jdk, Path policy) {
        return ForkedJvm.on(jdk).agentPolicy(policy).jvmArg("-javaagent:" + OTEL_AGENT.toAbsolutePath())
                .sysProp("otel.traces.exporter", "none").sysProp("otel.metrics.exporter", "none")
                .sysProp("otel.logs.exporter", "none").timeout(Duration.ofSeconds(120));
    }

    @BothJdks
    void withWardenFirstTheOtherAgentStartsAndUrlLevelRulesHold(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));

            ForkedJvm.Result run = wardenThenOtel(jdk, policy).main(SideDoorApp.class,
                    "urlconnection|" + server.url("/ok/urlconnection"), "urlconnection|" + server.url("/admin")).run();

            assertNothingUnmediated(run);
            assertThat(run.results().get(0).line()).as(run.describe()).endsWith("status=200");
            assertDenied(run.results().get(1), CONNECT_EXCEPTION, "GET " + server.url("/admin"));
            assertThat(server.requests()).extracting(RecordingHttpServer.Request::path).containsExactly("/ok/urlconnection");
        }
    }

    /**
     * The other agent reads its exclusions in its premain, after Warden's: it then skips Warden's own
     * classes (its matchers on each of them cost a Spring Boot start with both agents about 2 s,
     * docs/performance.md), and the user's exclusions stay.
     */
    @BothJdks
    void withWardenFirstTheOtherAgentLeavesWardensClassesAloneAndKeepsTheUsersExclusions(Jdk jdk) {
        ForkedJvm.Result run = wardenThenOtel(jdk, enforce()).sysProp("otel.javaagent.exclude-classes", "com.example.Generated*")
                .main(HelloApp.class, "otel.javaagent.exclude-classes").run();

        assertThat(run.result().line()).as(run.describe())
                .isEqualTo("RESULT ok otel.javaagent.exclude-classes=com.example.Generated*,dev.warden.*");
    }

    /**
     * Started first, the other agent has read its settings before Warden exists, so Warden cannot add
     * its exclusion: that agent then instruments Warden's own classes too (its executor instrumentation
     * on Warden's lambdas, with its helper classes defined in Warden's class loader, and the bridge's
     * task wrappers). The two settings the README gives for that order keep it out, as Warden's own
     * exclusion does when Warden comes first. Read from that agent's debug log, which names every class
     * it transforms and every loader it injects into.
     */
    @BothJdks
    void withTheOtherAgentFirstTheReadmesTwoSettingsKeepItOutOfWardensClasses(Jdk jdk) {
        ForkedJvm.Result otelFirst = otelThenWarden(jdk, enforce()).sysProp("otel.javaagent.debug", "true")
                .main(HelloApp.class).run();
        ForkedJvm.Result otelFirstExcluded = otelThenWarden(jdk, enforce()).sysProp("otel.javaagent.debug", "true")
                .sysProp("otel.javaagent.exclude-classes", "dev.warden.*")
                .sysProp("otel.javaagent.exclude-class-loaders", "dev.warden.agent.launcher.WardenClassLoader")
                .main(HelloApp.class).run();
        ForkedJvm.Result wardenFirst = wardenThenOtel(jdk, enforce()).sysProp("otel.javaagent.debug", "true")
                .main(HelloApp.class).run();

        for (ForkedJvm.Result run : List.of(otelFirst, otelFirstExcluded, wardenFirst)) {
            assertThat(run.result().line()).as(run.describe()).isEqualTo("RESULT ok main=ran");
        }
        assertThat(otherAgentOnWardensClasses(otelFirst)).as(otelFirst.describe())
                .anyMatch(line -> line.contains("Injecting classes onto class loader dev.warden.agent.launcher.WardenClassLoader"))
                .anyMatch(line -> line.contains("Transformed dev.warden.agent."));
        assertThat(otherAgentOnWardensClasses(otelFirstExcluded)).as(otelFirstExcluded.describe()).isEmpty();
        assertThat(otherAgentOnWardensClasses(wardenFirst)).as(wardenFirst.describe()).isEmpty();
    }

    /** The other agent's debug lines about a class of Warden's: transformed, or a loader of Warden's injected into. */
    private static List<String> otherAgentOnWardensClasses(ForkedJvm.Result run) {
        return run.stderrLines().stream().filter(line -> line.startsWith("[otel.javaagent"))
                .filter(line -> line.contains("Transformed dev.warden.") || line.contains("onto class loader dev.warden."))
                .toList();
    }

    @BothJdks
    void theOtherAgentsDeniedExportIsExplainedInOneLine(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http();
                RecordingHttpServer collector = RecordingHttpServer.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));

            ForkedJvm.Result run = ForkedJvm.on(jdk).jvmArg("-javaagent:" + OTEL_AGENT.toAbsolutePath()).agentPolicy(policy)
                    .sysProp("otel.traces.exporter", "otlp").sysProp("otel.exporter.otlp.protocol", "http/protobuf")
                    .sysProp("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.port())
                    .sysProp("otel.bsp.schedule.delay", "10").sysProp("otel.metrics.exporter", "none")
                    .sysProp("otel.logs.exporter", "none").timeout(Duration.ofSeconds(120))
                    .main(SideDoorApp.class, "urlconnection|" + server.url("/ok/urlconnection")).run();

            assertThat(run.results().get(0).line()).as(run.describe()).endsWith("status=200");
            String target = "127.0.0.1:" + collector.port();
            assertThat(run.wardenLines()).as(run.describe())
                    .filteredOn(line -> line.startsWith("[warden] another agent's export to " + target + " is denied by the policy"))
                    .hasSize(1).first().asString().endsWith("to allow it, add to egress: - to: \"" + target + "\"");
            // the collector still gets Warden's own export (it reads the same otel.* settings), never denied
        }
    }

    /**
     * The other agent's own code, in its own class loader (its exporter's OkHttp), is that agent's: Warden leaves it
     * unwoven, so an app that loads no library Warden weaves builds no ByteBuddy weaver beside that agent (about 0.3 s
     * of CPU at start), and the agent's export is decided at the socket, where a rule for the collector allows it.
     */
    @BothJdks
    void theOtherAgentsOwnExporterIsLeftToItAndAllowedAtTheSocketByTheCollectorsRule(Jdk jdk) throws Exception {
        try (RecordingHttpServer collector = RecordingHttpServer.http()) {
            Path policy = enforce("to: \"127.0.0.1:" + collector.port() + "\"");
            Path classLoads = tmp.resolve("class-loads.txt");

            ForkedJvm.Running running = ForkedJvm.on(jdk).agentPolicy(policy).jvmArg("-javaagent:" + OTEL_AGENT.toAbsolutePath())
                    .jvmArg("-Xlog:class+load=info:file=" + classLoads)
                    .sysProp("otel.exporter.otlp.protocol", "http/protobuf")
                    .sysProp("otel.exporter.otlp.endpoint", "http://127.0.0.1:" + collector.port())
                    .sysProp("otel.traces.exporter", "none").sysProp("otel.logs.exporter", "none")
                    .sysProp("otel.metrics.exporter", "otlp").sysProp("otel.metric.export.interval", "100")
                    .timeout(Duration.ofSeconds(120)).main(SleepApp.class, "120000").start();
            // Warden's own SDK reads the same otel.* settings: the other agent's export is the one its distribution names
            Awaits.awaitAtLeast("an export of the other agent", () -> (int) collector.requests().stream()
                    .filter(request -> new String(request.body(), java.nio.charset.StandardCharsets.ISO_8859_1)
                            .contains("opentelemetry-java-instrumentation"))
                    .count(), 1, Duration.ofSeconds(60));
            ForkedJvm.Result run = running.stop();

            List<String> loads = java.nio.file.Files.readAllLines(classLoads);
            assertThat(loads).as("the other agent's OkHttp, loaded").anyMatch(line -> line.contains(" okhttp3.OkHttpClient "));
            assertThat(loads).as("Warden's ByteBuddy weaver").noneMatch(line -> line.contains(" dev.warden.shaded.net.bytebuddy.ByteBuddy "));
            assertThat(run.wardenLines()).as(run.describe())
                    .noneMatch(line -> line.contains("denied connect") || line.contains("another agent's export"));
        }
    }

    private static void assertNothingUnmediated(ForkedJvm.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("NOT mediated"));
    }

    @BothJdks
    void urlLevelRulesHoldForTheClassesTheOtherAgentTransformedFirst(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));

            ForkedJvm.Result run = otelThenWarden(jdk, policy).main(SideDoorApp.class,
                    "urlconnection|" + server.url("/ok/urlconnection"), "httpclient|" + server.url("/ok/httpclient"),
                    "urlconnection|" + server.url("/admin"), "httpclient|" + server.url("/admin")).run();

            assertNothingUnmediated(run);
            List<AppResult> results = run.results();
            assertThat(results.get(0).line()).as(run.describe()).endsWith("status=200");
            assertThat(results.get(1).line()).as(run.describe()).endsWith("status=200");
            for (AppResult refused : results.subList(2, 4)) {
                assertDenied(refused, CONNECT_EXCEPTION, "GET " + server.url("/admin"));
                assertThat(refused.msg()).contains("does not allow path /admin");
            }
            assertThat(server.requests()).extracting(RecordingHttpServer.Request::path)
                    .containsExactlyInAnyOrder("/ok/urlconnection", "/ok/httpclient");
        }
    }

    @BothJdks
    void sqlIsDecidedThroughThePoolAndDriverTheOtherAgentTransformedFirst(Jdk jdk) throws Exception {
        assertSqlDecided(otelThenWarden(jdk, sqlPolicy()));
    }

    @BothJdks
    void sqlIsDecidedThroughThePoolAndDriverWithWardenFirst(Jdk jdk) throws Exception {
        assertSqlDecided(wardenThenOtel(jdk, sqlPolicy()));
    }

    private Path sqlPolicy() {
        return policy("policy: " + POLICY + "\nmode: enforce\ndatabases:\n"
                + "  - { url: \"jdbc:h2:mem:otel\", allow: [select, insert, ddl], tables: [notes] }\n");
    }

    private static void assertSqlDecided(ForkedJvm.Builder bothAgents) {
        ForkedJvm.Result run = bothAgents.main(JdbcApp.class, "hikari", "jdbc:h2:mem:otel",
                "x:CREATE TABLE notes(id INT)", "u:INSERT INTO notes VALUES (1)", "q:SELECT * FROM notes",
                "u:DELETE FROM notes").run();

        assertNothingUnmediated(run);
        List<AppResult> results = run.results();
        for (AppResult allowed : results.subList(0, 4)) { // the connection, CREATE, INSERT, SELECT
            assertThat(allowed.outcome()).as(run.describe()).isEqualTo("ok");
        }
        assertThat(results.get(4).outcome()).as(run.describe()).isEqualTo("denied");
        assertThat(results.get(4).type()).isEqualTo("java.sql.SQLException");
        assertThat(results.get(4).msg()).startsWith(DENIED_PREFIX + " DELETE on jdbc:h2:mem:otel");
    }

    /**
     * Both agents export their traces to the same collector (they read the same {@code OTEL_*} settings), in either
     * order: Warden's span of an allowed request and of a denied one, and the other agent's client span of the allowed one.
     */
    @BothJdks
    void bothAgentsExportTheirSpansInEitherOrder(Jdk jdk) throws Exception {
        for (boolean wardenFirst : new boolean[] {true, false}) {
            try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver collector = OtlpReceiver.http()) {
                Path policy = enforce(HttpClientSuiteIT.okRule(server.port()), "to: \"127.0.0.1:" + collector.port() + "\"");
                ForkedJvm.Builder agents = wardenFirst
                        ? ForkedJvm.on(jdk).agentPolicy(policy).jvmArg("-javaagent:" + OTEL_AGENT.toAbsolutePath())
                        : ForkedJvm.on(jdk).jvmArg("-javaagent:" + OTEL_AGENT.toAbsolutePath()).agentPolicy(policy);
                ForkedJvm.Result run = agents.otlp(collector).env("OTEL_METRICS_EXPORTER", "none").env("OTEL_LOGS_EXPORTER", "none")
                        .timeout(Duration.ofSeconds(120)).main(SideDoorApp.class,
                                "urlconnection|" + server.url("/ok/urlconnection"), "urlconnection|" + server.url("/admin")).run();
                String order = wardenFirst ? "Warden first" : "the other agent first";

                assertNothingUnmediated(run);
                assertThat(run.results().get(0).line()).as(run.describe()).endsWith("status=200");
                assertDenied(run.results().get(1), CONNECT_EXCEPTION, "GET " + server.url("/admin"));
                collector.awaitSpan("Warden's span of the allowed request, " + order, ReceivedSpan.withAttr("warden.decision", "allow")
                        .and(ReceivedSpan.withAttr("url.full", server.url("/ok/urlconnection"))));
                collector.awaitSpan("Warden's span of the denied request, " + order, ReceivedSpan.withAttr("warden.decision", "deny")
                        .and(ReceivedSpan.withAttr("url.full", server.url("/admin"))));
                collector.awaitSpan("the other agent's client span, " + order, span -> span.scopeName().startsWith("io.opentelemetry.")
                        && span.kind().equals("CLIENT") && span.attributes().get("warden.decision") == null);
            }
        }
    }
}
