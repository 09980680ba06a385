package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.PreloadedDriverApp;
import dev.warden.it.apps.PreloadingAgent;
import dev.warden.it.apps.UnweavableDriverApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.nio.file.Path;

/**
 * A class Warden must mediate (a JDBC driver) that it cannot weave, because its {@code connect} is
 * already as long as the JVM allows a method to be: in learn and audit mode one warning and the class runs
 * unmediated; in enforce mode the class is refused (its first use throws Warden's reason) and its
 * code never runs. Loaded before Warden's premain (by an agent listed first), enforce mode refuses
 * the start; loaded while Warden builds its weaver (so it passes unwoven and fails when woven right
 * after), enforce mode stops the JVM.
 */
class UnweavableTargetIT extends AgentTestSupport {

    private Path policyIn(String mode) {
        return policy("policy: " + POLICY + "\nmode: " + mode + "\ndatabases: []\n");
    }

    @BothJdks
    void inAuditModeTheClassRunsUnmediatedWithAWarning(Jdk jdk) {
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(policyIn("audit")).main(UnweavableDriverApp.class).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.result().line()).as(run.describe()).isEqualTo("RESULT ok connect-ran=true");
        assertThat(run.wardenLines()).as(run.describe()).anyMatch(line -> line.startsWith(
                "[warden] WARNING could not instrument dev.warden.it.apps.unweavable.LocalDriver, its accesses are NOT mediated"));
    }

    @BothJdks
    void inLearnModeTheClassRunsUnmediatedWithAWarning(Jdk jdk) {
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(policyIn("learn")).main(UnweavableDriverApp.class).run();

        assertThat(run.result().line()).as(run.describe()).isEqualTo("RESULT ok connect-ran=true");
        assertThat(run.wardenLines()).as(run.describe()).anyMatch(line -> line.contains("NOT mediated"));
    }

    @BothJdks
    void inEnforceModeTheClassIsRefusedAndItsCodeNeverRuns(Jdk jdk) {
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(policyIn("enforce")).main(UnweavableDriverApp.class).run();

        AppResult result = run.result();
        assertThat(result.outcome()).as(run.describe()).isEqualTo("error");
        assertThat(result.type()).as(run.describe()).isEqualTo("java.lang.ExceptionInInitializerError");
        assertThat(run.stderr()).as(run.describe()).contains("java.lang.SecurityException: warden: "
                + "dev.warden.it.apps.unweavable.LocalDriver could not be instrumented (");
        assertThat(run.wardenLines()).as(run.describe())
                .anyMatch(line -> line.startsWith("[warden] WARNING could not instrument dev.warden.it.apps.unweavable.LocalDriver,"
                        + " so it is refused"))
                .noneMatch(line -> line.contains("NOT mediated"));
    }

    private static final String DRIVER = "dev.warden.it.apps.unweavable.LocalDriver";

    /** The app, after an agent that loads the unweavable driver {@code when} ({@link PreloadingAgent}). */
    private ForkedJvm.Builder afterAnAgentLoading(Jdk jdk, String when, String mode) {
        return ForkedJvm.on(jdk).jvmArg("-javaagent:" + agentJarOnClassPath(PreloadingAgent.class) + "=" + when)
                .agentPolicy(policyIn(mode));
    }

    @BothJdks
    void inEnforceModeADriverLoadedBeforeWardenRefusesTheStart(Jdk jdk) {
        ForkedJvm.Result run = afterAnAgentLoading(jdk, "unweavable", "enforce")
                .main(PreloadedDriverApp.class, "connect", "jdbc:local:x").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(78);
        assertThat(run.stdout()).as(run.describe()).doesNotContain(PreloadedDriverApp.MAIN_RAN);
        assertThat(run.stderrLines()).as(run.describe()).singleElement().asString()
                .startsWith("[warden] FATAL Warden refuses to start the JVM: could not instrument " + DRIVER + " (")
                .endsWith("in enforce mode Warden does not run a JVM whose accesses through them would not be mediated");
    }

    @BothJdks
    void inAuditModeADriverLoadedBeforeWardenRunsUnmediatedWithAWarning(Jdk jdk) {
        ForkedJvm.Result run = afterAnAgentLoading(jdk, "unweavable", "audit")
                .main(PreloadedDriverApp.class, "connect", "jdbc:local:x").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.result().line()).as(run.describe()).isEqualTo("RESULT ok connect-ran=true");
        assertThat(run.wardenLines()).as(run.describe())
                .filteredOn(line -> line.startsWith("[warden] WARNING could not instrument " + DRIVER + ", its accesses are NOT mediated"))
                .hasSize(1);
    }

    @BothJdks
    void inEnforceModeADriverThatPassedWhileWardenBuiltItsWeaverStopsTheJvm(Jdk jdk) {
        ForkedJvm.Result run = afterAnAgentLoading(jdk, "unweavable-while-warden-builds", "enforce")
                .main(PreloadedDriverApp.class, "after-warden-weaves", "jdbc:local:x").run();

        assertThat(run.exitCode()).as(run.describe()).isEqualTo(78);
        assertThat(run.stdoutLines()).as(run.describe()).noneMatch(line -> line.startsWith("RESULT"));
        assertThat(run.wardenLines()).as(run.describe())
                .filteredOn(line -> line.startsWith("[warden] FATAL")).singleElement().asString()
                .startsWith("[warden] FATAL Warden stops the JVM: could not instrument " + DRIVER + " (");
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("NOT mediated"));
    }

    @BothJdks
    void inAuditModeADriverThatPassedWhileWardenBuiltItsWeaverRunsUnmediatedWithAWarning(Jdk jdk) {
        ForkedJvm.Result run = afterAnAgentLoading(jdk, "unweavable-while-warden-builds", "audit")
                .main(PreloadedDriverApp.class, "after-warden-weaves", "jdbc:local:x").run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.result().line()).as(run.describe()).isEqualTo("RESULT ok connect-ran=true");
        assertThat(run.wardenLines()).as(run.describe())
                .filteredOn(line -> line.startsWith("[warden] WARNING could not instrument " + DRIVER + ", its accesses are NOT mediated"))
                .hasSize(1);
    }
}
