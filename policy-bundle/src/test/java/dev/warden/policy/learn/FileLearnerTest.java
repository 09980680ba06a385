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
}
