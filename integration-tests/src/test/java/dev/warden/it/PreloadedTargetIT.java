package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.PreloadedDriverApp;
import dev.warden.it.apps.PreloadingAgent;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.nio.file.Path;

/**
 * An app's class that implements a target interface (a JDBC driver) and is already loaded when
 * Warden starts (an agent listed before Warden loaded it) is woven at start; one another agent's
 * transformer loads while Warden builds its weaver (unseen by Warden's transformer) is woven right
 * after: its connect is decided. So is that of a driver only through an app's interface loaded before it
 * (answered from the interface Warden saw defined, or found loaded at start, with no class file read).
 */
class PreloadedTargetIT extends AgentTestSupport {

    private static final String URL = "jdbc:preloaded:db";

    private ForkedJvm.Result connectWithThePreloadedDriver(Jdk jdk, Path policy) {
        return ForkedJvm.on(jdk).jvmArg("-javaagent:" + agentJarOnClassPath(PreloadingAgent.class) + "=driver")
                .agentPolicy(policy).main(PreloadedDriverApp.class, "connect", URL).run();
    }

    private ForkedJvm.Result connectWithTheDriverLoadedWhileWardenBuilds(Jdk jdk, Path policy) {
        return ForkedJvm.on(jdk).jvmArg("-javaagent:" + agentJarOnClassPath(PreloadingAgent.class) + "=driver-while-warden-builds")
                .agentPolicy(policy).main(PreloadedDriverApp.class, "after-warden-weaves", URL).run();
    }

    private ForkedJvm.Result connectWithTheFamilyDriver(Jdk jdk, Path policy, boolean interfaceLoadedBeforeWarden) {
        ForkedJvm.Builder jvm = ForkedJvm.on(jdk);
        if (interfaceLoadedBeforeWarden) {
            jvm.jvmArg("-javaagent:" + agentJarOnClassPath(PreloadingAgent.class) + "=driver-family");
        }
        return jvm.agentPolicy(policy).main(PreloadedDriverApp.class, "family", URL).run();
    }

    private Path withoutTheDatabase() {
        return policy("policy: " + POLICY + "\nmode: enforce\ndatabases: []\n");
    }

    private Path withTheDatabase() {
        return policy("policy: " + POLICY + "\nmode: enforce\ndatabases:\n  - { url: \"" + URL + "\", allow: [select] }\n");
    }

    private static void assertDeniedWithNothingUnmediated(ForkedJvm.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertDenied(run.result(), "java.sql.SQLException", "connect to database " + URL);
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("NOT mediated"));
    }

    private static void assertConnectRan(ForkedJvm.Result run) {
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.result().line()).as(run.describe()).isEqualTo("RESULT ok connect-ran=true");
    }

    @BothJdks
    void itsConnectToADatabaseThePolicyDoesNotListIsDenied(Jdk jdk) {
        assertDeniedWithNothingUnmediated(connectWithThePreloadedDriver(jdk, withoutTheDatabase()));
    }

    @BothJdks
    void itsConnectToADatabaseThePolicyListsRuns(Jdk jdk) {
        assertConnectRan(connectWithThePreloadedDriver(jdk, withTheDatabase()));
    }

    @BothJdks
    void loadedWhileWardenBuiltItsWeaverItsConnectToADatabaseThePolicyDoesNotListIsDenied(Jdk jdk) {
        assertDeniedWithNothingUnmediated(connectWithTheDriverLoadedWhileWardenBuilds(jdk, withoutTheDatabase()));
    }

    @BothJdks
    void loadedWhileWardenBuiltItsWeaverItsConnectToADatabaseThePolicyListsRuns(Jdk jdk) {
        assertConnectRan(connectWithTheDriverLoadedWhileWardenBuilds(jdk, withTheDatabase()));
    }

    @BothJdks
    void aDriverOnlyThroughAnInterfaceLoadedBeforeItIsDenied(Jdk jdk) {
        assertDeniedWithNothingUnmediated(connectWithTheFamilyDriver(jdk, withoutTheDatabase(), false));
    }

    @BothJdks
    void aDriverOnlyThroughAnInterfaceLoadedBeforeWardenIsDeniedAndRunsWhenListed(Jdk jdk) {
        assertDeniedWithNothingUnmediated(connectWithTheFamilyDriver(jdk, withoutTheDatabase(), true));
        assertConnectRan(connectWithTheFamilyDriver(jdk, withTheDatabase(), true));
    }
}
