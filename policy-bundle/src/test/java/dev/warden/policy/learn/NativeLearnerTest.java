package dev.warden.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class NativeLearnerTest {

    @Test
    void librariesUnpackedUnderRandomNamesBecomeGlobsWithTheirVariable() {
        NativeLearner learner = new NativeLearner();
        learner.observe("load", "/tmp/sqlite-3.45.1.0-0f8e0c7a-1b2c-4d3e-8f90-123456789abc-libsqlitejdbc.so", null);
        learner.observe("load", "/tmp/sqlite-3.45.1.0-99999999-1b2c-4d3e-8f90-cba987654321-libsqlitejdbc.so", null);
        learner.observe("load", "/tmp/libnetty_transport_native_epoll_x86_648462954830198123.so", null);
        learner.observe("load", "/usr/lib/libfoo.so", null);
        learner.observe("unsafe", "sun.misc.Unsafe", null);

        StringBuilder yaml = new StringBuilder();
        learner.write(yaml, "", Map.of("java.io.tmpdir", "/tmp"));

        assertThat(yaml.toString()).isEqualTo("""
                native:
                  libraries:
                    - "${java.io.tmpdir}/libnetty_transport_native_epoll_x86_*.so"
                    - "${java.io.tmpdir}/sqlite-3.45.1.0-*-libsqlitejdbc.so"
                    - "/usr/lib/libfoo.so"
                  unsafe: true
                """);
    }

    @Test
    void nothingSeenWritesNothing() {
        StringBuilder yaml = new StringBuilder();
        new NativeLearner().write(yaml, "  ", Map.of());
        assertThat(yaml).isEmpty();
    }
}
