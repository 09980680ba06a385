package dev.warden.agent.access;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.decide.ProcessLaunch;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What a process start's audit record says (docs/processes.md shows it). */
class ProcessStartTest {

    private static final String[] GIT = {"/usr/bin/git", "status"};

    @Test
    void theRecordNamesTheArgvAndWhatIsNotTheJvmsOwn() {
        assertThat(new ProcessStart(ProcessLaunch.of(GIT)).target()).isEqualTo("[\"/usr/bin/git\",\"status\"]");
        assertThat(new ProcessStart(ProcessLaunch.of(GIT)).detail()).as("the JVM's directory and environment").isNull();
        assertThat(new ProcessStart(new ProcessLaunch(GIT, "/tmp/x", Set.of("GIT_SSH_COMMAND", "LANG"))).detail())
                .isEqualTo("dir /tmp/x; env sets GIT_SSH_COMMAND,LANG");
        assertThat(new ProcessStart(new ProcessLaunch(GIT, null, Set.of("LANG"))).detail()).isEqualTo("env sets LANG");
    }
}
