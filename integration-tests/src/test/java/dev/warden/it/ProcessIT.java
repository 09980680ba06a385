package dev.warden.it;

import dev.warden.it.apps.ProcessApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/** Processes: only an exact argv from the processes section may start, through every way of starting one. */
class ProcessIT extends AgentTestSupport {

    static final List<String> WAYS = List.of("builder", "exec", "pipeline");
    static final String IO_EXCEPTION = "java.io.IOException";

    static Stream<Arguments> ways() {
        return onBothJdks(WAYS);
    }

    private Path policyAllowing(String processes) {
        return policy("policy: " + POLICY + "\nmode: enforce\negress: []\n" + processes);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("ways")
    void anAllowedCommandRunsUnchangedAndADeniedOneNeverStarts(Jdk jdk, String way) throws Exception {
        Path marker = tmp.resolve("touched-" + way);
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policyAllowing("processes:\n  - command: [\"/bin/echo\", \"hello\", \"world\"]\n");
            AppResult without = run(plain(jdk).main(ProcessApp.class, way, "/bin/echo", "hello", "world"));
            AppResult with = run(withAgent(jdk, policy, otlp).main(ProcessApp.class, way, "/bin/echo", "hello", "world"));
            assertThat(without.line()).isEqualTo("RESULT ok exit=0 out=hello%20world");
            assertSameAsWithoutAgent(with, without);
            ReceivedSpan allowed = otlp.awaitSpan("exec /bin/echo", named("exec").and(withAttr("warden.decision", "allow")));
            assertThat(allowed.str("warden.rule")).isEqualTo("processes[0]");
            assertThat(allowed.str("process.executable.path")).isEqualTo("/bin/echo");
            assertThat(allowed.attr("process.command_args")).isEqualTo(List.of("/bin/echo", "hello", "world"));

            AppResult denied = run(withAgent(jdk, policy, otlp).main(ProcessApp.class, way, "touch", marker.toString()));
            assertDenied(denied, IO_EXCEPTION, "start of process [touch, " + marker + "]");
            assertThat(denied.msg()).endsWith("no processes rule allows this exact command [rule default-deny]");
            assertThat(Files.exists(marker)).as("the denied process never ran").isFalse();
            ReceivedSpan refused = otlp.awaitSpan("exec touch", named("exec").and(withAttr("warden.decision", "deny")));
            assertThat(refused.statusCode()).isEqualTo("ERROR");
            assertThat(refused.statusMessage()).isEqualTo(denied.msg());
            assertThat(refused.attr("process.command_args")).isEqualTo(List.of("touch", marker.toString()));
        }
    }

    static Stream<Arguments> environmentWays() {
        return onBothJdks(List.of("builder-env", "exec-env"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("environmentWays")
    void aVariableThatInjectsCodeDeniesAnAllowedCommandUnlessItsRuleListsIt(Jdk jdk, String way) throws Exception {
        Path marker = tmp.resolve("injected-" + way);
        Path payload = Files.writeString(tmp.resolve("payload-" + way + ".sh"), "touch " + marker + "\n");
        String bashEnv = "BASH_ENV=" + payload;
        String command = "[\"/bin/bash\", \"-c\", \"true\"]";
        Path plainRule = policyAllowing("processes:\n  - command: " + command + "\n");
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            AppResult clean = run(withAgent(jdk, plainRule, otlp).main(ProcessApp.class, way, "LC_TEST=1", "/bin/bash", "-c", "true"));
            assertThat(clean.line()).as(clean.context()).isEqualTo("RESULT ok exit=0 out=");

            AppResult denied = run(withAgent(jdk, plainRule, otlp).main(ProcessApp.class, way, bashEnv, "/bin/bash", "-c", "true"));
            assertDenied(denied, IO_EXCEPTION, "start of process [/bin/bash, -c, true]");
            assertThat(denied.msg()).endsWith("processes[0] allows this command, but the app sets BASH_ENV for it, which can make"
                    + " the child run other code (list it in the rule's env: to allow it) [rule processes[0]]");
            assertThat(Files.exists(marker)).as("nothing ran").isFalse();

            Path listed = policyAllowing("processes:\n  - { command: " + command + ", env: [BASH_ENV] }\n");
            AppResult allowed = run(withAgent(jdk, listed, otlp).main(ProcessApp.class, way, bashEnv, "/bin/bash", "-c", "true"));
            assertThat(allowed.line()).as(allowed.context()).isEqualTo("RESULT ok exit=0 out=");
            assertThat(Files.exists(marker)).as("the variable the rule lists reached the child").isTrue();
        }
    }

    @BothJdks
    void aChildStartsOnlyInTheDirectoryItsRulePins(Jdk jdk) throws Exception {
        Path repo = Files.createDirectories(tmp.resolve("repo")).toRealPath();
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            AppResult elsewhere = run(withAgent(jdk, policyAllowing("processes:\n  - command: [\"/bin/pwd\"]\n"), otlp)
                    .main(ProcessApp.class, "builder-dir", repo.toString(), "/bin/pwd"));
            assertDenied(elsewhere, IO_EXCEPTION, "start of process [/bin/pwd] in " + repo);
            assertThat(elsewhere.msg()).contains("only in the JVM's working directory, not in " + repo);

            Path pinned = policyAllowing("processes:\n  - { command: [\"/bin/pwd\"], dir: \"" + tmp.toRealPath() + "/**\" }\n");
            AppResult inRepo = run(withAgent(jdk, pinned, otlp).main(ProcessApp.class, "builder-dir", repo.toString(), "/bin/pwd"));
            assertThat(inRepo.line()).as(inRepo.context()).isEqualTo("RESULT ok exit=0 out=" + repo);
        }
    }

    @BothJdks
    void theArgvMustMatchExactly(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policyAllowing("processes:\n  - command: [\"/bin/echo\", \"hello\"]\n");
            AppResult extraArgument = run(withAgent(jdk, policy, otlp).main(ProcessApp.class, "builder", "/bin/echo", "hello", "; id"));
            assertDenied(extraArgument, IO_EXCEPTION, "start of process [/bin/echo, hello, ; id]");
            AppResult otherPath = run(withAgent(jdk, policy, otlp).main(ProcessApp.class, "builder", "echo", "hello"));
            assertDenied(otherPath, IO_EXCEPTION, "start of process [echo, hello]");
        }
    }

    @BothJdks
    void withoutAProcessesSectionNothingMayStart(Jdk jdk) throws Exception {
        Path marker = tmp.resolve("x");
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policyAllowing("");
            AppResult denied = run(withAgent(jdk, policy, otlp).main(ProcessApp.class, "exec", "touch", marker.toString()));
            assertDenied(denied, IO_EXCEPTION, "start of process [touch, " + marker + "]");
            assertThat(denied.msg()).contains("the policy allows no process to start");
            assertThat(Files.exists(marker)).isFalse();
        }
    }

    @BothJdks
    void auditModeLetsTheProcessStartAndRecordsWhatWouldBeDenied(Jdk jdk) throws Exception {
        Path marker = tmp.resolve("audited");
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy("policy: " + POLICY + "\nmode: audit\negress: []\n");
            var result = withAgent(jdk, policy, otlp).main(ProcessApp.class, "builder", "touch", marker.toString()).run();
            assertThat(result.result().outcome()).as(result.describe()).isEqualTo("ok");
            assertThat(Files.exists(marker)).isTrue();
            assertThat(result.wardenLines()).anySatisfy(line -> assertThat(line)
                    .startsWith("[warden] audit-deny (not blocked, mode audit) start of process [touch, " + marker + "]"));
            ReceivedSpan audited = otlp.awaitSpan("exec touch", named("exec").and(withAttr("warden.decision", "audit-deny")));
            assertThat(audited.statusCode()).isEqualTo("UNSET");
        }
    }
}
