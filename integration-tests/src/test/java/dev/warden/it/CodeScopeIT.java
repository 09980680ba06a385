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
 * Code scopes: a {@code code:} segment holds the classes of a package (a plugin) to narrower rules,
 * decided by the nearest frame on the stack that is neither the JDK's nor Warden's.
 */
class CodeScopeIT extends AgentTestSupport {

    @ParameterizedTest
    @EnumSource(Jdk.class)
    void aPluginPackageIsDeniedTheFilesTheAppsOwnCodeReads(Jdk jdk) throws Exception {
        Path file = Files.writeString(tmp.resolve("notes.txt"), "my notes");
        Path policy = policy("""
                policy: it-code
                mode: enforce
                egress: []
                files:
                  - path: "%s/**"
                    allow: [read]
                segments:
                  - code: "dev.warden.it.apps.plugins.**"
                    files: []
                """.formatted(tmp));

        List<AppResult> without = results(ForkedJvm.on(jdk).main(CodeScopeApp.class, file.toString()));
        List<AppResult> with = results(ForkedJvm.on(jdk).agentPolicy(policy).env("OTEL_TRACES_EXPORTER", "none")
                .main(CodeScopeApp.class, file.toString()));

        without.forEach(AgentTestSupport::assertOk);
        assertThat(with.get(0).line()).as("the app's own read").isEqualTo(without.get(0).line());
        AppResult plugin = with.get(1);
        assertDenied(plugin, ToolScopesIT.FILE_DENIED, file.toString());
        assertThat(plugin.msg()).endsWith("[rule segments[0].files default-deny, code dev.warden.it.apps.plugins.**]");
        assertThat(with.get(2).line()).as("the app's code called back by the plugin: the app's frame is nearest")
                .isEqualTo(without.get(2).line());
    }

    private static List<AppResult> results(ForkedJvm.Builder jvm) {
        ForkedJvm.Result r = jvm.run();
        assertThat(r.timedOut()).as("timed out\n%s", r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r.describe()).isZero();
        assertThat(r.results()).as(r.describe()).hasSize(3);
        return r.results();
    }
}
