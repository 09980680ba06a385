package dev.warden.it;

import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.WardenAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code check process ARGV...} with the built agent jar, as an operator runs it: exit 0 allowed, 1 denied, 2 bad input. */
class CheckProcessIT extends AgentTestSupport {

    private static final String PROCESSES = """
            policy: tools
            mode: enforce
            egress: []
            processes:
              - command: ["/usr/bin/git", "status"]
              - command: ["bash", "-c", "echo hi"]
            """;

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());

    @Test
    void anExactArgvIsAllowedByItsRuleAndAnythingElseIsDeniedByDefault() throws Exception {
        Path policy = Files.writeString(tmp.resolve("tools.yaml"), PROCESSES);

        AgentJarCommands.Outcome allowed = cli.exec("check", "--policy", policy.toString(), "process", "/usr/bin/git", "status");
        AgentJarCommands.Outcome withOptions = cli.exec("check", "--policy", policy.toString(), "process", "bash", "-c", "echo hi");
        AgentJarCommands.Outcome otherArgs = cli.exec("check", "--policy", policy.toString(), "process", "/usr/bin/git", "push");
        AgentJarCommands.Outcome otherSpelling = cli.exec("check", "--policy", policy.toString(), "process", "git", "status");

        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(allowed.output()).startsWith("allowed: start of process [/usr/bin/git, status]").contains("rule:   processes[0]");
        assertThat(withOptions.exitCode()).as("-c is the command's argument, not the CLI's option\n%s", withOptions.output()).isZero();
        assertThat(withOptions.output()).contains("rule:   processes[1]");
        assertThat(otherArgs.exitCode()).as(otherArgs.output()).isEqualTo(1);
        assertThat(otherArgs.output()).startsWith("denied: start of process [/usr/bin/git, push]")
                .contains("rule:   default-deny", "reason: no processes rule allows this exact command");
        assertThat(otherSpelling.exitCode()).as("argv is compared as given\n%s", otherSpelling.output()).isEqualTo(1);
    }

    @Test
    void aPolicyWithoutProcessesDeniesEveryStart() throws Exception {
        Path policy = Files.writeString(tmp.resolve("none.yaml"), "policy: quiet\nmode: enforce\negress: []\n");

        AgentJarCommands.Outcome denied = cli.exec("check", "--policy", policy.toString(), "process", "/bin/true");

        assertThat(denied.exitCode()).as(denied.output()).isEqualTo(1);
        assertThat(denied.output()).startsWith("denied: start of process [/bin/true]");
    }

    @Test
    void aSignedBundleIsCheckedOnceVerifiedAndBadInputIsExitTwo() throws Exception {
        Path source = Files.createDirectories(tmp.resolve("src"));
        Files.writeString(source.resolve("policy.yaml"), PROCESSES);
        Path trust = Files.createDirectories(tmp.resolve("trust"));
        Path key = cli.keygen(tmp, "ops");
        Files.copy(tmp.resolve("ops.pub"), trust.resolve("ops.pub"));
        Path bundle = tmp.resolve("tools.wbundle");
        cli.run("bundle", "build", source.toString(), "--name", "tools", "--revision", "1", "--out", bundle.toString());
        cli.run("bundle", "sign", bundle.toString(), "--key", key.toString());

        AgentJarCommands.Outcome allowed = cli.exec("check", "--bundle", bundle.toString(), "--trust", trust.toString(),
                "process", "/usr/bin/git", "status");
        AgentJarCommands.Outcome denied = cli.exec("check", "--bundle", bundle.toString(), "--trust", trust.toString(),
                "process", "curl", "http://example.com");
        AgentJarCommands.Outcome noArgv = cli.exec("check", "--bundle", bundle.toString(), "--trust", trust.toString(), "process");
        AgentJarCommands.Outcome untrusted = cli.exec("check", "--bundle", bundle.toString(),
                "--trust", Files.createDirectories(tmp.resolve("empty-trust")).toString(), "process", "/usr/bin/git", "status");

        assertThat(allowed.exitCode()).as(allowed.output()).isZero();
        assertThat(allowed.output()).contains("rule:   processes[0]");
        assertThat(denied.exitCode()).as(denied.output()).isEqualTo(1);
        assertThat(noArgv.exitCode()).as(noArgv.output()).isEqualTo(2);
        assertThat(untrusted.exitCode()).as(untrusted.output()).isEqualTo(2);
        assertThat(untrusted.output()).contains("bundle refused");
    }
}
