package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyParser;
import org.junit.jupiter.api.Test;

class ProcessDeciderTest {

    private static PolicyEngine engine(String yaml) throws Exception {
        return PolicyEngine.compile(PolicyParser.parse(yaml, "test.yaml"));
    }

    @Test
    void anExactArgvIsAllowedByItsRule() throws Exception {
        PolicyEngine engine = engine("""
                policy: p
                processes:
                  - command: ["/usr/bin/git", "status"]
                  - command: ["/bin/echo", "hi"]
                """);
        Verdict verdict = engine.decideProcess(ProcessLaunch.of(new String[] {"/bin/echo", "hi"}));
        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.rule()).isEqualTo("processes[1]");
        assertThat(verdict.reason()).isEqualTo("allowed by processes[1] (/bin/echo hi)");
    }

    @Test
    void anyOtherArgvIsDeniedEvenWhenItOnlyAddsOrDropsAnArgument() throws Exception {
        PolicyEngine engine = engine("""
                policy: p
                processes:
                  - command: ["/usr/bin/git", "status"]
                """);
        for (String[] argv : new String[][] {
                {"/usr/bin/git", "status", "--porcelain"},
                {"/usr/bin/git"},
                {"git", "status"},
                {"/usr/bin/git", "STATUS"}}) {
            Verdict verdict = engine.decideProcess(ProcessLaunch.of(argv));
            assertThat(verdict.allowed()).as(String.join(" ", argv)).isFalse();
            assertThat(verdict.rule()).isNull();
            assertThat(verdict.reason()).isEqualTo("no processes rule allows this exact command");
        }
    }

    @Test
    void noRulesMeansNoProcessMayStart() throws Exception {
        Verdict verdict = engine("policy: p\n").decideProcess(ProcessLaunch.of(new String[] {"/bin/true"}));
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("the policy allows no process to start");
    }

    private static final String[] GIT_STATUS = {"/usr/bin/git", "status"};

    @Test
    void withoutDirAChildStartsOnlyInTheJvmsWorkingDirectory() throws Exception {
        PolicyEngine engine = engine("policy: p\nprocesses:\n  - command: [\"/usr/bin/git\", \"status\"]\n");

        assertThat(engine.decideProcess(ProcessLaunch.of(GIT_STATUS)).allowed()).isTrue();
        Verdict elsewhere = engine.decideProcess(new ProcessLaunch(GIT_STATUS, "/tmp/cloned", java.util.Set.of()));
        assertThat(elsewhere.allowed()).isFalse();
        assertThat(elsewhere.rule()).isEqualTo("processes[0]");
        assertThat(elsewhere.reason()).isEqualTo(
                "processes[0] allows this command, but only in the JVM's working directory, not in /tmp/cloned");
    }

    @Test
    void dirPinsTheDirectoriesAChildMayStartIn() throws Exception {
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse("""
                policy: p
                processes:
                  - { command: ["/usr/bin/git", "status"], dir: "${user.home}/repos/**" }
                """, "test.yaml"), PathVariables.of(java.util.Map.of("user.home", "/home/agent")));

        assertThat(engine.decideProcess(new ProcessLaunch(GIT_STATUS, "/home/agent/repos/crm", java.util.Set.of())).allowed())
                .isTrue();
        assertThat(engine.decideProcess(new ProcessLaunch(GIT_STATUS, "/tmp/planted", java.util.Set.of())).reason())
                .isEqualTo("processes[0] allows this command, but only in ${user.home}/repos/**, not in /tmp/planted");
        assertThat(engine.decideProcess(ProcessLaunch.of(GIT_STATUS)).allowed()).as("the JVM's directory is not pinned").isFalse();
    }

    @Test
    void variablesThatInjectCodeAreDeniedUnlessTheRuleListsThem() throws Exception {
        PolicyEngine engine = engine("""
                policy: p
                processes:
                  - command: ["/usr/bin/git", "status"]
                  - { command: ["/usr/bin/python3", "job.py"], env: ["PYTHONPATH", "JOB_*"] }
                """);

        assertThat(engine.decideProcess(new ProcessLaunch(GIT_STATUS, null, java.util.Set.of("LANG", "TZ"))).allowed()).isTrue();
        Verdict injected = engine.decideProcess(new ProcessLaunch(GIT_STATUS, null,
                java.util.Set.of("LD_PRELOAD", "GIT_SSH_COMMAND", "LANG")));
        assertThat(injected.allowed()).isFalse();
        assertThat(injected.reason()).isEqualTo("processes[0] allows this command, but the app sets GIT_SSH_COMMAND, LD_PRELOAD"
                + " for it, which can make the child run other code (list it in the rule's env: to allow it)");

        String[] job = {"/usr/bin/python3", "job.py"};
        assertThat(engine.decideProcess(new ProcessLaunch(job, null, java.util.Set.of("PYTHONPATH", "JOB_ID"))).allowed()).isTrue();
        assertThat(engine.decideProcess(new ProcessLaunch(job, null, java.util.Set.of("LANG"))).reason())
                .isEqualTo("processes[1] allows this command, but the app sets LANG for it, which the rule's env: does not list");
    }

    @Test
    void theInjectingListCoversLoaderShellRuntimeAndToolVariables() {
        for (String name : new String[] {"LD_PRELOAD", "LD_LIBRARY_PATH", "DYLD_INSERT_LIBRARIES", "BASH_ENV", "BASH_FUNC_ls%%",
            "JAVA_TOOL_OPTIONS", "NODE_OPTIONS", "PYTHONSTARTUP", "PERL5OPT", "GIT_CONFIG_COUNT", "GIT_SSH_COMMAND", "PAGER",
            "HOME", "PATH"}) {
            assertThat(InjectingVariables.isInjecting(name)).as(name).isTrue();
        }
        for (String name : new String[] {"LANG", "TZ", "TERM", "JOB_ID", "OPENAI_API_KEY"}) {
            assertThat(InjectingVariables.isInjecting(name)).as(name).isFalse();
        }
    }
}
