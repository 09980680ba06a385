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
        Verdict verdict = engine.decideProcess(new String[] {"/bin/echo", "hi"});
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
            Verdict verdict = engine.decideProcess(argv);
            assertThat(verdict.allowed()).as(String.join(" ", argv)).isFalse();
            assertThat(verdict.rule()).isNull();
            assertThat(verdict.reason()).isEqualTo("no processes rule allows this exact command");
        }
    }

    @Test
    void noRulesMeansNoProcessMayStart() throws Exception {
        Verdict verdict = engine("policy: p\n").decideProcess(new String[] {"/bin/true"});
        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.reason()).isEqualTo("the policy allows no process to start");
    }
}
