package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.WorkloadApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.WardenAgent;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Learn mode, then {@code policy suggest}, then the suggested policy enforced on the same workload:
 * nothing is denied, and one access more than was learned is.
 */
class LearnIT extends AgentTestSupport {

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());

    @BothJdks
    void aPolicySuggestedFromLearnModeLetsTheSameWorkloadRunWithoutDenialsAndNothingMore(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path log = tmp.resolve("learn-audit.log");
            String base = "http://127.0.0.1:" + server.port();
            String work = tmp.resolve("work").toString();

            ForkedJvm.Result learned = agent(jdk, policy("policy: learning\nmode: learn\n"), "audit=" + log)
                    .main(WorkloadApp.class, base, work).run();
            AppResult learnedResult = learned.result();
            assertThat(learnedResult.outcome()).as(learned.describe()).isEqualTo("ok");
            // learn mode's own lines: one at the first access outside the policy, one count at exit; none per access
            assertThat(learned.wardenLines()).as(learned.describe())
                    .noneMatch(line -> line.contains("audit-deny"))
                    .filteredOn(line -> line.startsWith("[warden] learn: ")).hasSize(2)
                    .satisfies(lines -> {
                        assertThat(lines.get(0)).startsWith("[warden] learn: recording what the policy does not allow, blocking nothing (first: ");
                        assertThat(lines.get(1)).matches("\\[warden\\] learn: \\d+ accesses outside the policy recorded, not blocked \\(.*"
                                + "\\d+ database.*\\d+ egress.*\\d+ file.*\\d+ process\\); 'policy suggest AUDIT_LOG' writes a policy that allows them");
                    });

            Path suggested = tmp.resolve("suggested.yaml");
            cli.run("policy", "suggest", log.toString(), "--name", "learned", "--out", suggested.toString());
            String yaml = Files.readString(suggested);
            assertThat(yaml).contains("to: \"127.0.0.1:" + server.port() + "\"")
                    .contains("http: { methods: [GET], paths: [\"/ok/a\", \"/ok/b\"] }")
                    .contains("url: \"jdbc:h2:mem:learn\"").contains("allow: [ddl, insert, select]")
                    .contains("command: [\"/bin/true\"]");

            ForkedJvm.Result enforced = agent(jdk, suggested).main(WorkloadApp.class, base, work).run();
            assertThat(enforced.result().outcome()).as(enforced.describe()).isEqualTo("ok");
            assertThat(enforced.result().get("statuses")).isEqualTo(learnedResult.get("statuses"));
            assertThat(enforced.result().get("rows")).isEqualTo("1");
            assertThat(enforced.wardenLines()).as(enforced.describe()).noneMatch(line -> line.contains("denied"));

            ForkedJvm.Result more = agent(jdk, suggested).main(WorkloadApp.class, base, work, "extra").run();
            assertThat(more.result().outcome()).as(more.describe()).isEqualTo("denied");
            assertThat(more.result().msg()).startsWith("warden: denied GET " + base + "/ok/extra");
        }
    }

    private static ForkedJvm.Builder agent(Jdk jdk, Path policy, String... options) {
        return ForkedJvm.on(jdk).agentPolicy(policy, options).env("OTEL_TRACES_EXPORTER", "none");
    }
}
