package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FirstAccessWatchTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void targetsReachedWhileLearningNeverAlertAndANewOneAfterTheWindowAlertsOnce() {
        FirstAccessWatch watch = new FirstAccessWatch(60, now::get);
        now.addAndGet(1_000); // the window starts with the first access, not with the watch
        assertThat(watch.firstAfterWindow("egress api.openai.com:443")).isFalse();
        now.addAndGet(61);

        assertThat(watch.firstAfterWindow("egress api.openai.com:443")).isFalse();
        assertThat(watch.firstAfterWindow("egress pastebin.com:443")).isTrue();
        assertThat(watch.firstAfterWindow("egress pastebin.com:443")).isFalse();
    }

    @Test
    void aZeroWindowTurnsTheWatchOff() {
        FirstAccessWatch watch = new FirstAccessWatch(0, now::get);
        now.addAndGet(1_000_000);

        assertThat(watch.enabled()).isFalse();
        assertThat(watch.firstAfterWindow("file /etc/shadow")).isFalse();
    }
}
