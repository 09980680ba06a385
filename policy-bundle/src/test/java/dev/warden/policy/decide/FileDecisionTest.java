package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.warden.policy.FileAccess;
import dev.warden.policy.PolicyParser;

class FileDecisionTest {

    private static PolicyEngine files(PathVariables variables, String... rules) {
        StringBuilder yaml = new StringBuilder("policy: test\nfiles:").append(rules.length == 0 ? " []\n" : "\n");
        for (String rule : rules) {
            yaml.append("  - ").append(rule).append('\n');
        }
        try {
            return PolicyEngine.compile(PolicyParser.parse(yaml.toString(), "test.yaml"), variables);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static PolicyEngine files(String... rules) {
        return files(PathVariables.none(), rules);
    }

    @Test
    void aRuleAllowsItsAccessesUnderItsGlob() {
        PolicyEngine engine = files("{ path: \"/srv/data/**\", allow: [read, list] }");

        Verdict read = engine.decideFile("/srv/data/a/b.txt", FileAccess.READ);
        assertThat(read.allowed()).isTrue();
        assertThat(read.rule()).isEqualTo("files[0]");
        assertThat(read.reason()).isEqualTo("allowed by files[0] (/srv/data/**)");
        assertThat(engine.decideFile("/srv/data", FileAccess.LIST).allowed()).isTrue();
        assertThat(engine.decideFile("/srv/database", FileAccess.READ).allowed()).isFalse();
        assertThat(engine.decideFile("/srv", FileAccess.READ).allowed()).isFalse();
    }

    @Test
    void aProbeIsAllowedByAnyAccessToThePathByListingItsParentOrByStat() {
        PolicyEngine engine = files(
                "{ path: \"/srv/data/**\", allow: [read] }",
                "{ path: \"/srv/out/*.log\", allow: [create] }",
                "{ path: \"/srv/listed\", allow: [list] }",
                "{ path: \"/srv/probed/marker\", allow: [stat] }");

        assertThat(engine.decideFile("/srv/data/a/b.txt", FileAccess.STAT).rule()).isEqualTo("files[0]");
        assertThat(engine.decideFile("/srv/out/x.log", FileAccess.STAT).allowed()).isTrue();
        Verdict listed = engine.decideFile("/srv/listed/anything", FileAccess.STAT);
        assertThat(listed.allowed()).isTrue();
        assertThat(listed.rule()).isEqualTo("files[2]");
        assertThat(engine.decideFile("/srv/listed/deeper/x", FileAccess.STAT).allowed()).isFalse();
        assertThat(engine.decideFile("/srv/probed/marker", FileAccess.STAT).allowed()).isTrue();
        assertThat(engine.decideFile("/srv/probed/marker", FileAccess.READ).allowed()).isFalse();

        Verdict secret = engine.decideFile("/etc/shadow", FileAccess.STAT);
        assertThat(secret.allowed()).isFalse();
        assertThat(secret.reason()).isEqualTo("no files rule allows stat of /etc/shadow");
        assertThat(engine.decideFile("/", FileAccess.STAT).allowed()).isFalse();
    }

    @Test
    void aMatchingRuleWithoutTheModeIsNamedInTheDenial() {
        PolicyEngine engine = files("{ path: \"/srv/data/**\", allow: [read] }");

        Verdict write = engine.decideFile("/srv/data/x", FileAccess.WRITE);
        assertThat(write.allowed()).isFalse();
        assertThat(write.rule()).isEqualTo("files[0]");
        assertThat(write.reason()).isEqualTo("files[0] (/srv/data/**) does not allow write");

        Verdict elsewhere = engine.decideFile("/etc/passwd", FileAccess.READ);
        assertThat(elsewhere.rule()).isNull();
        assertThat(elsewhere.reason()).isEqualTo("no files rule allows read of /etc/passwd");
    }

    @Test
    void rulesAddUpAndTheFirstAllowingOneDecides() {
        PolicyEngine engine = files(
                "{ path: \"/srv/**\", allow: [read] }",
                "{ path: \"/srv/out/*.txt\", allow: [write, create] }",
                "{ path: \"/srv/out/**\", allow: [read, write] }");

        assertThat(engine.decideFile("/srv/out/a.txt", FileAccess.READ).rule()).isEqualTo("files[0]");
        assertThat(engine.decideFile("/srv/out/a.txt", FileAccess.CREATE).rule()).isEqualTo("files[1]");
        assertThat(engine.decideFile("/srv/out/a.txt", FileAccess.WRITE).rule()).isEqualTo("files[1]");
        assertThat(engine.decideFile("/srv/out/sub/a.bin", FileAccess.WRITE).rule()).isEqualTo("files[2]");
        assertThat(engine.decideFile("/srv/out/a.bin", FileAccess.CREATE).allowed()).isFalse();
        assertThat(engine.decideFile("/srv/out/a.bin", FileAccess.DELETE).allowed()).isFalse();
    }

    @Test
    void wildcardsInLeadingSegmentsAndExactFilesMatch() {
        PolicyEngine engine = files(
                "{ path: \"/home/*/notes.txt\", allow: [read] }",
                "{ path: \"/etc/hostname\", allow: [read] }",
                "{ path: \"/**/*.log\", allow: [write] }");

        assertThat(engine.decideFile("/home/ann/notes.txt", FileAccess.READ).rule()).isEqualTo("files[0]");
        assertThat(engine.decideFile("/home/ann/x/notes.txt", FileAccess.READ).allowed()).isFalse();
        assertThat(engine.decideFile("/etc/hostname", FileAccess.READ).rule()).isEqualTo("files[1]");
        assertThat(engine.decideFile("/etc/hostname/x", FileAccess.READ).allowed()).isFalse();
        assertThat(engine.decideFile("/etc", FileAccess.READ).allowed()).isFalse();
        assertThat(engine.decideFile("/var/log/app/x.log", FileAccess.WRITE).rule()).isEqualTo("files[2]");
    }

    @Test
    void variablesExpandToTheValuesGivenAtCompileTime() {
        PathVariables variables = PathVariables.of(Map.of("java.io.tmpdir", "/tmp/", "user.home", "/home/ann"));
        PolicyEngine engine = files(variables,
                "{ path: \"${java.io.tmpdir}/**\", allow: [read, write, create, delete] }",
                "{ path: \"${user.home}/.config/app/**\", allow: [read] }",
                "{ path: \"${user.dir}/**\", allow: [read] }");

        assertThat(engine.decideFile("/tmp/x", FileAccess.CREATE).rule()).isEqualTo("files[0]");
        assertThat(engine.decideFile("/home/ann/.config/app/a.json", FileAccess.READ).rule()).isEqualTo("files[1]");
        assertThat(engine.decideFile("/home/ann/.ssh/id_rsa", FileAccess.READ).allowed()).isFalse();
        // user.dir was given no value: its rule matches nothing, not everything
        assertThat(engine.decideFile("/anything", FileAccess.READ).allowed()).isFalse();
        assertThat(files("{ path: \"${user.home}/**\", allow: [read] }").decideFile("/x", FileAccess.READ).allowed())
                .isFalse();
    }

    @Test
    void anEmptySectionDeniesEverything() {
        PolicyEngine engine = files();

        for (FileAccess access : FileAccess.values()) {
            assertThat(engine.decideFile("/", access).allowed()).isFalse();
            assertThat(engine.decideFile("/tmp/a", access).allowed()).isFalse();
        }
    }

    @Test
    void aThousandRulesStillFindTheirOwnPaths() {
        String[] rules = new String[1000];
        for (int i = 0; i < rules.length; i++) {
            rules[i] = "{ path: \"/srv/tenant" + i + "/data/**\", allow: [" + (i % 2 == 0 ? "read" : "write") + "] }";
        }
        PolicyEngine engine = files(rules);

        assertThat(engine.decideFile("/srv/tenant998/data/f", FileAccess.READ).rule()).isEqualTo("files[998]");
        assertThat(engine.decideFile("/srv/tenant999/data/f", FileAccess.WRITE).rule()).isEqualTo("files[999]");
        assertThat(engine.decideFile("/srv/tenant999/data/f", FileAccess.READ).reason())
                .isEqualTo("files[999] (/srv/tenant999/data/**) does not allow read");
        assertThat(engine.decideFile("/srv/tenant1000/data/f", FileAccess.READ).allowed()).isFalse();
    }

    @Test
    void anEncryptRuleMarksItsFilesAsAZone() {
        PolicyEngine engine = files("{ path: \"/srv/**\", allow: [read] }",
                "{ path: \"/srv/out/**\", allow: [read, write, create], encrypt: true }",
                "{ path: \"/srv/out/secret/**\", allow: [read], encrypt: true }");

        assertThat(engine.encryptionZone("/srv/out/a.txt").id()).isEqualTo("files[1]");
        assertThat(engine.encryptionZone("/srv/out/secret/k").id()).isEqualTo("files[1]");
        assertThat(engine.encryptionZone("/srv/other.txt")).isNull();
        assertThat(engine.encryptionZone("/tmp/x")).isNull();
        assertThat(files("{ path: \"/srv/**\", allow: [read] }").encryptionZone("/srv/a")).isNull();
    }
}
