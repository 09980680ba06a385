package dev.warden.bootstrap;

import static java.nio.file.StandardOpenOption.APPEND;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.CREATE_NEW;
import static java.nio.file.StandardOpenOption.DELETE_ON_CLOSE;
import static java.nio.file.StandardOpenOption.READ;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.AccessDeniedException;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FileBridgeTest {

    /** A channel opened for writing writes bytes no Warden stream encrypts. */
    private static final int RAW = FileBridge.RAW_WRITE;

    @Test
    void openOptionsBecomeWhatTheOpenReallyDoes() {
        assertThat(FileBridge.openModes(Set.of())).isEqualTo(FileBridge.READ);
        assertThat(FileBridge.openModes(Set.of(READ))).isEqualTo(FileBridge.READ);
        assertThat(FileBridge.openModes(Set.of(WRITE))).isEqualTo(FileBridge.WRITE | RAW);
        assertThat(FileBridge.openModes(Set.of(WRITE, TRUNCATE_EXISTING))).isEqualTo(FileBridge.WRITE | RAW);
        assertThat(FileBridge.openModes(Set.of(APPEND, CREATE))).isEqualTo(FileBridge.WRITE_OR_CREATE | RAW);
        assertThat(FileBridge.openModes(Set.of(WRITE, CREATE_NEW))).isEqualTo(FileBridge.CREATE | RAW);
        assertThat(FileBridge.openModes(Set.of(READ, WRITE, CREATE))).isEqualTo(FileBridge.READ | FileBridge.WRITE_OR_CREATE | RAW);
        // without WRITE the JDK ignores the create and truncate options
        assertThat(FileBridge.openModes(Set.of(CREATE_NEW, TRUNCATE_EXISTING))).isEqualTo(FileBridge.READ);
        assertThat(FileBridge.openModes(Set.of(READ, DELETE_ON_CLOSE))).isEqualTo(FileBridge.READ | FileBridge.DELETE);
    }

    @Test
    void theDenialIsAnAccessDeniedExceptionWithWardensMessage() {
        FileDenied denied = new FileDenied("secret.txt", "warden: denied read of /srv/secret.txt: no files rule allows it [rule default-deny]");

        assertThat(denied).isInstanceOf(AccessDeniedException.class);
        assertThat(denied.getFile()).isEqualTo("secret.txt");
        assertThat(denied.getMessage()).startsWith("warden: denied read of /srv/secret.txt");
    }
}
