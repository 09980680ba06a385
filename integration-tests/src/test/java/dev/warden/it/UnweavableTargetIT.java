package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.UnweavableDriverApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.nio.file.Path;

/**
 * A class Warden must mediate (a JDBC driver) that it cannot weave, because its loader serves a
 * broken class file for its superclass: in learn and audit mode one warning and the class runs
 * unmediated; in enforce mode the class is refused (its first use throws Warden's reason) and its
 * code never runs.
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
}
