package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.CodeScopeApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Code scopes: a {@code code:} segment holds the classes of a package (a plugin) to narrower rules
 * whenever one of its methods is on the stack, or handed the thread its work (as the SecurityManager
 * intersected every protection domain on the stack): through a library, the app's own helper, a
 * callback of the app's code, a pool, a constructor (that throws), a static initializer. Once the plugin has returned, the app's own
 * code is the app's again.
 */
class CodeScopeIT extends AgentTestSupport {

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void aPluginIsDeniedTheFilesTheAppsOwnCodeReadsWhateverItCallsThrough(Jdk jdk) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "my notes");
        Path policy = readsUnderTmpWithSegment("code: \"dev.warden.it.apps.plugins.**\"");

        List<AppResult> without = results(ForkedJvm.on(jdk).main(CodeScopeApp.class, file.toString()));
        List<AppResult> with = results(ForkedJvm.on(jdk).agentPolicy(policy).env("OTEL_TRACES_EXPORTER", "none")
                .main(CodeScopeApp.class, file.toString()));

        without.forEach(AgentTestSupport::assertOk);
        for (int step : new int[] {APP, APP_AGAIN, POOL_AGAIN}) {
            assertThat(with.get(step).line()).as("the app's own read, step %s", with.get(step).get("step"))
                    .isEqualTo(without.get(step).line());
        }
        for (int step = PLUGIN; step <= STATIC_INITIALIZER; step++) {
            AppResult plugin = with.get(step);
            assertThat(plugin.get("step")).isEqualTo(without.get(step).get("step"));
            assertDenied(plugin, ToolScopesIT.FILE_DENIED, file.toString());
            assertThat(plugin.msg()).as("step %s", plugin.get("step"))
                    .endsWith("[rule segments[0].files default-deny, code dev.warden.it.apps.plugins.**]");
        }
    }

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void aPolicyWithoutCodeSegmentsLeavesEveryStepAsTheAppsOwn(Jdk jdk) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "my notes");
        Path policy = readsUnderTmpWithSegment("tool: \"some_tool\"");

        List<AppResult> with = results(ForkedJvm.on(jdk).agentPolicy(policy).env("OTEL_TRACES_EXPORTER", "none")
                .main(CodeScopeApp.class, file.toString()));

        with.forEach(AgentTestSupport::assertOk);
    }

    private static final int APP = 0;
    private static final int PLUGIN = 1;
    private static final int STATIC_INITIALIZER = 7;
    private static final int APP_AGAIN = 8;
    private static final int POOL_AGAIN = 9;

    /** Reads allowed under the test's directory, and one segment ({@code scope}) that allows no files. */
    private Path readsUnderTmpWithSegment(String scope) {
        return policy("""
                policy: it-code
                mode: enforce
                egress: []
                files:
                  - path: "%s/**"
                    allow: [read]
                segments:
                  - %s
                    files: []
                """.formatted(tmp, scope));
    }

    private static List<AppResult> results(ForkedJvm.Builder jvm) {
        ForkedJvm.Result r = jvm.run();
        assertThat(r.timedOut()).as("timed out\n%s", r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r.describe()).isZero();
        assertThat(r.results()).as(r.describe()).hasSize(10);
        return r.results();
    }
}
