package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.FileAccess;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PathVariables;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.agent.config.WardenSecrets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class FileDeciderTest {

    private static ActivePolicy policy(String mode) throws Exception {
        return new ActivePolicy(PolicyEngine.compile(PolicyParser.parse("policy: p\nmode: " + mode + "\nfiles:\n"
                + "  - path: \"/srv/**\"\n    allow: [read]\n  - path: \"/proc/**\"\n    allow: [read]\n", "p.yaml"),
                PathVariables.none()), 3, "test");
    }

    private static JvmFileAllowances servingCallers(String callerPrefix) {
        return new JvmFileAllowances(List.of(new JvmFileAllowances.Allowance("jvm:test", List.of("/jdk/**"),
                List.of(callerPrefix), "a test allowance")));
    }

    @Test
    void thePolicyDecidesAndTheModeApplies() throws Exception {
        ActivePolicy enforce = policy("enforce");
        FileDecider decider = new FileDecider(() -> enforce, JvmFileAllowances.none());

        Decision read = decider.decide("/srv/a", "/srv/a", FileAccess.READ);
        assertThat(read.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(read.rule()).isEqualTo("files[0]");
        Decision write = decider.decide("/srv/a", "/srv/a", FileAccess.WRITE);
        assertThat(write.outcome()).isEqualTo(Outcome.DENY);
        assertThat(write.rule()).isEqualTo("files[0]");
        assertThat(decider.decide("/etc/passwd", "/etc/passwd", FileAccess.READ).rule()).isEqualTo(Decision.DEFAULT_DENY);

        ActivePolicy audit = policy("audit");
        assertThat(new FileDecider(() -> audit, JvmFileAllowances.none()).decide("/etc/x", "/etc/x", FileAccess.READ).outcome())
                .isEqualTo(Outcome.AUDIT_DENY);
    }

    @Test
    void whatStaysUnderProcSelfAfterCanonicalisationIsDeniedWhateverThePolicySays() throws Exception {
        ActivePolicy enforce = policy("enforce");
        FileDecider decider = new FileDecider(() -> enforce, JvmFileAllowances.none());

        assertThat(decider.decide("/proc/1/status", "/proc/1/status", FileAccess.READ).outcome()).isEqualTo(Outcome.ALLOW);
        Decision pipe = decider.decide("/dev/fd/1", "/proc/42/fd/pipe:[123]", FileAccess.READ);
        assertThat(pipe.outcome()).isEqualTo(Outcome.DENY);
        assertThat(pipe.reason()).contains("descriptor that is no file");
        assertThat(decider.decide("/proc/self/root", "/proc/42/root", FileAccess.READ).outcome()).isEqualTo(Outcome.DENY);
        assertThat(decider.decide("/x", "/proc/42/task/43/cwd/x", FileAccess.READ).outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void aBuiltInAllowanceServesOnlyItsCallersAndOnlyReadsListingsAndProbes() throws Exception {
        ActivePolicy enforce = policy("enforce");
        // this test's own frames are passed over like Warden's: past them, the JDK's ArrayList.forEach calls
        FileDecider servingCollections = new FileDecider(() -> enforce, servingCallers("java.util."));
        FileDecider servingTheJdk = new FileDecider(() -> enforce, servingCallers("sun.util.calendar."));
        FileDecider servingJunit = new FileDecider(() -> enforce, servingCallers("org.junit."));

        Decision served = calledByTheJdk(() -> servingCollections.decide("/jdk/lib/tzdb.dat", "/jdk/lib/tzdb.dat", FileAccess.READ));
        assertThat(served.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(served.rule()).isEqualTo("jvm:test");
        assertThat(calledByTheJdk(() -> servingCollections.decide("/jdk/lib", "/jdk/lib", FileAccess.LIST)).outcome())
                .isEqualTo(Outcome.ALLOW);
        assertThat(calledByTheJdk(() -> servingCollections.decide("/jdk/lib/modules", "/jdk/lib/modules", FileAccess.STAT)).rule())
                .isEqualTo("jvm:test");
        assertThat(calledByTheJdk(() -> servingTheJdk.decide("/jdk/lib/modules", "/jdk/lib/modules", FileAccess.STAT)).outcome())
                .isEqualTo(Outcome.DENY);
        assertThat(calledByTheJdk(() -> servingCollections.decide("/jdk/lib/tzdb.dat", "/jdk/lib/tzdb.dat", FileAccess.WRITE))
                .outcome()).isEqualTo(Outcome.DENY);
        assertThat(calledByTheJdk(() -> servingCollections.decide("/etc/x", "/etc/x", FileAccess.READ)).outcome())
                .isEqualTo(Outcome.DENY);
        assertThat(servingCollections.decide("/jdk/lib/tzdb.dat", "/jdk/lib/tzdb.dat", FileAccess.READ).outcome())
                .as("called by JUnit, not by the JDK's collections").isEqualTo(Outcome.DENY);
        assertThat(servingJunit.decide("/jdk/lib/tzdb.dat", "/jdk/lib/tzdb.dat", FileAccess.READ).outcome())
                .as("a named caller counts only as the JDK's own class").isEqualTo(Outcome.DENY);
        // the path asked for counts too (a distribution's link out of java.home), unless it climbs with '..'
        assertThat(calledByTheJdk(() -> servingCollections.decide("/jdk/conf/security", "/etc/java/security", FileAccess.READ))
                .outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(calledByTheJdk(() -> servingCollections.decide("/jdk/../etc/passwd", "/etc/passwd", FileAccess.READ))
                .outcome()).isEqualTo(Outcome.DENY);
    }

    /** {@code decision} asked from inside the JDK's {@code ArrayList.forEach}: its first caller past this test's frames. */
    private static Decision calledByTheJdk(Supplier<Decision> decision) {
        Decision[] made = new Decision[1];
        new ArrayList<>(List.of(1)).forEach(any -> made[0] = decision.get());
        return made[0];
    }

    @Test
    void wardensOwnSecretsTheEnvironmentBlockAndTheProcessMemoryAreDeniedWhateverThePolicySays() throws Exception {
        ActivePolicy withCredential = new ActivePolicy(PolicyEngine.compile(PolicyParser.parse("policy: p\nmode: enforce\n"
                + "files:\n  - path: \"/**\"\n    allow: [read]\n"
                + "credentials:\n  - name: llm\n    value: env:LLM_API_KEY\n    to: \"api.example.com:443\"\n", "p.yaml"),
                PathVariables.none()), 3, "test");
        WardenSecrets secrets = new WardenSecrets(Set.of("WARDEN_KEYS"), Set.of("/etc/warden/data.keys", "/var/log/a.log.key"));
        FileDecider decider = new FileDecider(() -> withCredential, JvmFileAllowances.none(), secrets,
                CanonicalPaths.ofProcess());

        for (String path : List.of("/proc/self/environ", "/proc/self/task/4242/environ")) {
            Decision read = decider.decide(path, path, FileAccess.READ);
            assertThat(read.outcome()).as(path).isEqualTo(Outcome.DENY);
            assertThat(read.rule()).isEqualTo("credentials[llm]");
        }
        for (String path : List.of("/proc/self/mem", "/proc/self/task/4242/mem", "/etc/warden/data.keys", "/var/log/a.log.key")) {
            assertThat(decider.decide(path, path, FileAccess.READ).outcome()).as(path).isEqualTo(Outcome.DENY);
        }
        assertThat(decider.decide("/etc/warden/data.keys", "/etc/warden/data.keys", FileAccess.READ).rule())
                .isEqualTo("warden-secrets");
        assertThat(decider.decide("/proc/self/status", "/proc/self/status", FileAccess.READ).outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decider.decide("/etc/warden/data.keys", "/etc/warden/data.keys", FileAccess.STAT).outcome())
                .as("its existence is no secret").isEqualTo(Outcome.ALLOW);

        ActivePolicy plain = policy("enforce");
        FileDecider withoutSecrets = new FileDecider(() -> plain, JvmFileAllowances.none());
        assertThat(withoutSecrets.decide("/proc/self/environ", "/proc/self/environ", FileAccess.READ).outcome())
                .as("nothing to hide: the policy decides").isEqualTo(Outcome.ALLOW);
        assertThat(withoutSecrets.decide("/proc/self/mem", "/proc/self/mem", FileAccess.READ).outcome()).isEqualTo(Outcome.ALLOW);
    }
}
