package dev.warden.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class FileLearnerTest {

    @Test
    void probesFoldIntoTheRulesThatAllowThemAndOnlyTheRestBecomeStatRules() {
        FileLearner learner = new FileLearner();
        learner.observe("read", "/srv/app/config.yaml", null);
        learner.observe("stat", "/srv/app/config.yaml", null);
        learner.observe("list", "/srv/plugins", null);
        learner.observe("stat", "/srv/plugins/a.jar", null);
        learner.observe("stat", "/srv/app/application.properties", null);
        learner.observe("stat", "/opt/marker", null);

        StringBuilder yaml = new StringBuilder();
        learner.write(yaml, "", Map.of());

        assertThat(yaml.toString()).isEqualTo("""
                files:
                  - path: "/srv/app/config.yaml"      # seen
                    allow: [read]
                  - path: "/srv/plugins"      # seen
                    allow: [list]
                  - path: "/opt/marker"      # seen
                    allow: [stat]
                  - path: "/srv/app/application.properties"      # seen
                    allow: [stat]
                """);
    }

    @Test
    void probesUnderACollapsedPatternNeedNothingNew() {
        FileLearner learner = new FileLearner();
        learner.observe("create", "/work/tmp/upload-1.bin", null);
        learner.observe("create", "/work/tmp/upload-2.bin", null);
        learner.observe("stat", "/work/tmp/upload-3.bin", null);

        StringBuilder yaml = new StringBuilder();
        learner.write(yaml, "", Map.of());

        assertThat(yaml.toString()).isEqualTo("""
                files:
                  - path: "/work/tmp/upload-*"      # 2 paths seen, e.g. /work/tmp/upload-1.bin
                    allow: [create]
                """);
    }

    @Test
    void aVariablesValueIsReplacedBeforeTheRunsRandomValuesSoAWorkingDirectoryWithANumberInItsNameStillMatches() {
        FileLearner learner = new FileLearner();
        learner.observe("stat", "/tmp/junit-12266190162349755224/run/config", null);
        learner.observe("read", "/tmp/junit-12266190162349755224/run/cache-7761234567890.bin", null);
        learner.observe("read", "/tmp/junit-99999999999/other.txt", null);

        StringBuilder yaml = new StringBuilder();
        learner.write(yaml, "", Map.of("java.io.tmpdir", "/tmp", "user.dir", "/tmp/junit-12266190162349755224/run"));

        assertThat(yaml.toString()).isEqualTo("""
                files:
                  - path: "${java.io.tmpdir}/junit-*/other.txt"      # seen
                    allow: [read]
                  - path: "${user.dir}/cache-*.bin"      # seen
                    allow: [read]
                  - path: "${user.dir}/config"      # seen
                    allow: [stat]
                """);
    }
}
