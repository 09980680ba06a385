package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.PreloadedDriverApp;
import dev.warden.it.apps.PreloadingAgent;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.nio.file.Path;

/**
 * An app's class that implements a target interface (a JDBC driver) and is already loaded when
 * Warden starts (an agent listed before Warden loaded it) is woven at start: its connect is decided.
 */
class PreloadedTargetIT extends AgentTestSupport {

    private static final String URL = "jdbc:preloaded:db";

    private ForkedJvm.Result connectWithThePreloadedDriver(Jdk jdk, Path policy) {
        return ForkedJvm.on(jdk).jvmArg("-javaagent:" + agentJarOnClassPath(PreloadingAgent.class) + "=driver")
                .agentPolicy(policy).main(PreloadedDriverApp.class, "connect", URL).run();
    }

    @BothJdks
    void itsConnectToADatabaseThePolicyDoesNotListIsDenied(Jdk jdk) {
        ForkedJvm.Result run = connectWithThePreloadedDriver(jdk,
                policy("policy: " + POLICY + "\nmode: enforce\ndatabases: []\n"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        AppResult result = run.result();
        assertDenied(result, "java.sql.SQLException", "connect to database " + URL);
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("NOT mediated"));
    }

    @BothJdks
    void itsConnectToADatabaseThePolicyListsRuns(Jdk jdk) {
        ForkedJvm.Result run = connectWithThePreloadedDriver(jdk,
                policy("policy: " + POLICY + "\nmode: enforce\ndatabases:\n  - { url: \"" + URL + "\", allow: [select] }\n"));

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.result().line()).as(run.describe()).isEqualTo("RESULT ok connect-ran=true");
    }
}
