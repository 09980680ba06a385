package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.BudgetApp;
import dev.warden.it.apps.ExitDeletesApp;
import dev.warden.it.apps.HelloApp;
import dev.warden.it.apps.PollingApp;
import dev.warden.it.apps.TlsApp;
import dev.warden.it.apps.TrafficApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.RecordingTcpServer;
import dev.warden.it.harness.TestTls;
import dev.warden.it.harness.WardenAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The audit log written by the agent in a real app, checked with {@code audit verify} as an operator
 * runs it: every mediated call is one record, the chain verifies, a SIGKILL mid-write leaves a log
 * that verifies up to its cut, and each kind of tampering is named.
 */
class AuditIT extends AgentTestSupport {

    private static final TestTls TLS = TestTls.generate();

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());

    /** Refusals that are not a rule's verdict on a request: a TLS handshake below the minimum, a write over a budget. */
    @BothJdks
    void aRefusedHandshakeAndAWriteOverABudgetAreRecordedLikeEveryOtherDenial(Jdk jdk) throws Exception {
        try (RecordingHttpServer onlyTls12 = RecordingHttpServer.https(TLS, "TLSv1.2");
                RecordingTcpServer budgeted = RecordingTcpServer.start()) {
            Path log = tmp.resolve("audit.log");
            Path policy = policy("policy: " + POLICY + "\ntls_min_version: \"1.3\"\negress:\n"
                    + "  - to: \"127.0.0.1:" + onlyTls12.port() + "\"\n"
                    + "  - to: \"127.0.0.1:" + budgeted.port() + "\"\n    limits: { bytes_out_per_minute: 10000 }\n");

            AppResult handshake = run(ForkedJvm.on(jdk).agentPolicy(policy, "audit=" + log).sysProps(TLS.trustStoreProps(tmp))
                    .env("OTEL_TRACES_EXPORTER", "none").main(TlsApp.class, "sslsocket:127.0.0.1:" + onlyTls12.port()));
            AppResult writes = run(ForkedJvm.on(jdk).agentPolicy(policy, "audit=" + log).env("OTEL_TRACES_EXPORTER", "none")
                    .main(BudgetApp.class, "socket", "127.0.0.1", Integer.toString(budgeted.port()), "5", "4096"));

            assertThat(handshake.msg()).as(handshake.context()).contains("warden: denied TLS handshake");
            assertThat(writes.get("done")).as(writes.context()).isEqualTo("3");
            assertThat(lines(log, "\"action\":\"tls handshake\"")).singleElement().asString()
                    .contains("\"kind\":\"egress\"", ":" + onlyTls12.port() + "\"",
                            "the server chose TLS 1.2, below the policy's minimum TLS 1.3",
                            "\"decision\":\"deny\",\"rule\":\"tls_min_version\"");
            assertThat(lines(log, "\"action\":\"write\"")).singleElement().asString()
                    .contains("\"target\":\"127.0.0.1:" + budgeted.port() + "\"", "\"decision\":\"deny\",\"rule\":\"egress[1]\"");
            AgentJarCommands.Outcome verify = cli.exec("audit", "verify", log.toString());
            assertThat(verify.exitCode()).as(verify.output()).isZero();
        }
    }

    @BothJdks
    void sixtyFourThreadsOfMediatedCallsLeaveExactlyThatManyRecordsInAChainThatVerifies(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path log = tmp.resolve("audit.log");
            AppResult r = run(agent(jdk, server, log).main(TrafficApp.class, server.url("/ok/audit"), "64", "20"));

            assertThat(r.get("calls")).as(r.context()).isEqualTo("1280");
            assertThat(lines(log, "\"kind\":\"egress\",\"action\":\"GET\"")).hasSize(1280)
                    .allMatch(line -> line.contains("\"decision\":\"allow\",\"rule\":\"egress[0]\""));
            AgentJarCommands.Outcome verify = cli.exec("audit", "verify", log.toString());
            assertThat(verify.exitCode()).as(verify.output()).isZero();
            assertThat(verify.output()).startsWith("intact: ");
        }
    }

    @BothJdks
    void aProcessKilledMidWriteLeavesALogThatVerifiesUpToItsCutAndTheNextStartCarriesOn(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path log = tmp.resolve("audit.log");
            // asks a denied URL as fast as it can until the harness kills it (SIGKILL at the timeout)
            ForkedJvm.Result killed = agent(jdk, server, log).timeout(Duration.ofSeconds(8))
                    .main(PollingApp.class, server.url("/denied/forever"), "100000000", "0").run();
            assertThat(killed.timedOut()).as(killed.describe()).isTrue();
            long denials = lines(log, "\"decision\":\"deny\"").size();
            assertThat(denials).as("denials recorded before the kill").isPositive();

            AgentJarCommands.Outcome afterKill = cli.exec("audit", "verify", log.toString());
            // killed between two batches the log is intact; inside one, the tail is cut or unsigned
            if (afterKill.exitCode() != 0) {
                assertThat(afterKill.exitCode()).as(afterKill.output()).isEqualTo(1);
                assertThat(afterKill.output()).containsAnyOf("the log is cut", "not covered by a signed checkpoint");
            }

            run(agent(jdk, server, log).main(TrafficApp.class, server.url("/ok/after"), "1", "1"));
            AgentJarCommands.Outcome afterRestart = cli.exec("audit", "verify", log.toString());
            assertThat(afterRestart.exitCode()).as(afterRestart.output()).isZero();
            assertThat(lines(log, "\"type\":\"start\"")).hasSize(2);
        }
    }

    @BothJdks
    void editingRemovingOrAppendingARecordIsFoundAndNamed(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path log = tmp.resolve("audit.log");
            run(agent(jdk, server, log).main(TrafficApp.class, server.url("/ok/tamper"), "1", "3"));
            List<String> original = Files.readAllLines(log);
            int firstRequest = indexOf(original, "\"action\":\"GET\"");

            List<String> edited = new java.util.ArrayList<>(original);
            edited.set(firstRequest, edited.get(firstRequest).replace("\"decision\":\"allow\"", "\"decision\":\"deny\""));
            assertTampered(log, edited, "line " + (firstRequest + 1), "edited");

            List<String> removed = new java.util.ArrayList<>(original);
            removed.remove(firstRequest);
            assertTampered(log, removed, "line " + (firstRequest + 1), "removed, reordered or inserted");

            List<String> appended = new java.util.ArrayList<>(original);
            appended.add(original.get(firstRequest));
            assertTampered(log, appended, "line " + (original.size() + 1), "removed, reordered or inserted");
        }
    }

    @BothJdks
    void anAuditLogThatCannotBeKeptStopsTheStartBeforeMain(Jdk jdk) throws Exception {
        Path key = cli.keygen(tmp, "audit");
        // /dev/full takes the open and refuses every write: a full disk
        ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(enforce(), "audit=/dev/full", "audit-key=" + key)
                .env("OTEL_TRACES_EXPORTER", "none").main(HelloApp.class).run();

        assertThat(r.exitCode()).as(r.describe()).isEqualTo(78);
        assertThat(r.wardenLines()).as(r.describe()).containsExactly(
                "[warden] FATAL Warden refuses to start the JVM: cannot keep the audit log /dev/full: No space left on device");
        assertThat(r.stdout()).doesNotContain(HelloApp.MAIN_RAN);
    }

    private void assertTampered(Path log, List<String> content, String where, String what) throws Exception {
        Files.write(log, content);
        AgentJarCommands.Outcome verify = cli.exec("audit", "verify", log.toString());
        assertThat(verify.exitCode()).as(verify.output()).isEqualTo(1);
        assertThat(verify.output()).contains("NOT intact").contains(where.replace("line ", "audit.log:")).contains(what);
    }

    private ForkedJvm.Builder agent(Jdk jdk, RecordingHttpServer server, Path log) {
        Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));
        return ForkedJvm.on(jdk).agentPolicy(policy, "audit=" + log).env("OTEL_TRACES_EXPORTER", "none");
    }

    /** The lines with {@code marker} in the log and the files it rotated into ({@code audit.log.N}). */
    /** What the app does while the JVM shuts down (its hooks, deleteOnExit) is kept in the chain like the rest. */
    @BothJdks
    void deletesAtExitByAShutdownHookAndByDeleteOnExitAreRecordedAndTheChainVerifies(Jdk jdk) throws Exception {
        Path work = Files.createDirectories(tmp.resolve("exit-work"));
        Path log = tmp.resolve("exit-audit.log");
        Path policy = policy("policy: " + POLICY + "\nfiles:\n  - path: \"" + work + "/**\"\n    allow: [read, write, create, delete]\n");

        AppResult r = run(ForkedJvm.on(jdk).agentPolicy(policy, "audit=" + log).env("OTEL_TRACES_EXPORTER", "none")
                .main(ExitDeletesApp.class, work.toString()));

        assertThat(r.get("files")).as(r.context()).isEqualTo("2");
        assertThat(work.resolve("by-hook.txt")).doesNotExist();
        assertThat(work.resolve("on-exit.txt")).doesNotExist();
        assertThat(lines(log, "\"action\":\"delete\"")).as("the deletes at exit").hasSize(2)
                .anySatisfy(line -> assertThat(line).contains(work + "/by-hook.txt"))
                .anySatisfy(line -> assertThat(line).contains(work + "/on-exit.txt"));
        AgentJarCommands.Outcome verify = cli.exec("audit", "verify", log.toString());
        assertThat(verify.exitCode()).as(verify.output()).isZero();
    }

    private static List<String> lines(Path log, String marker) throws Exception {
        List<String> found = new java.util.ArrayList<>();
        try (var files = Files.list(log.getParent())) {
            for (Path file : files.filter(f -> f.getFileName().toString().matches(java.util.regex.Pattern.quote(
                    log.getFileName().toString()) + "(\\.\\d+)?")).sorted().toList()) {
                Files.readAllLines(file).stream().filter(line -> line.contains(marker)).forEach(found::add);
            }
        }
        return found;
    }

    private static int indexOf(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        throw new AssertionError("no line with " + marker);
    }
}
