package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On real files and links in a temporary directory. */
class CanonicalPathsTest {

    @TempDir
    Path temp;

    private Path root;
    private CanonicalPaths paths;

    @BeforeEach
    void sandbox() throws IOException {
        root = temp.toRealPath();
        Files.createDirectories(root.resolve("data/sub"));
        Files.createDirectories(root.resolve("secret"));
        Files.writeString(root.resolve("secret/key"), "k");
        paths = new CanonicalPaths(root.resolve("data").toString());
    }

    @Test
    void relativePathsResolveAgainstTheWorkingDirectory() throws IOException {
        assertThat(paths.canonical("sub")).isEqualTo(root + "/data/sub");
        assertThat(paths.canonical("new.txt")).isEqualTo(root + "/data/new.txt");
        assertThat(paths.canonical("")).isEqualTo(root + "/data");
        assertThat(paths.canonical("../secret/key")).isEqualTo(root + "/secret/key");
    }

    @Test
    void dotsAndRepeatedSlashesFoldAlsoInMissingTails() throws IOException {
        assertThat(paths.canonical(root + "//data/./sub/..//sub/")).isEqualTo(root + "/data/sub");
        assertThat(paths.canonical(root + "/data/missing/../../secret/key")).isEqualTo(root + "/secret/key");
        assertThat(paths.canonical(root + "/data/missing/a/./b")).isEqualTo(root + "/data/missing/a/b");
        assertThat(paths.canonical("/../..")).isEqualTo("/");
    }

    @Test
    void linksResolveInTheLastNameInAParentAndWhenDangling() throws IOException {
        Files.createSymbolicLink(root.resolve("data/to-key"), root.resolve("secret/key"));
        Files.createSymbolicLink(root.resolve("data/to-secret"), Path.of("../secret"));
        Files.createSymbolicLink(root.resolve("data/dangling"), Path.of("../secret/not-yet"));
        Files.createSymbolicLink(root.resolve("data/chain"), Path.of("dangling"));

        assertThat(paths.canonical("to-key")).isEqualTo(root + "/secret/key");
        assertThat(paths.canonical("to-secret/key")).isEqualTo(root + "/secret/key");
        assertThat(paths.canonical("to-secret/new/../key")).isEqualTo(root + "/secret/key");
        assertThat(paths.canonical("dangling")).isEqualTo(root + "/secret/not-yet");
        assertThat(paths.canonical("chain")).isEqualTo(root + "/secret/not-yet");
    }

    /** The JVM reads /proc/self (its cgroup, its status) and /proc/PID alike: both decide as /proc/self, whatever the PID. */
    @Test
    void thisProcesssOwnProcDirectoryIsSelfByEitherNameButAnotherProcesssIsNot() throws IOException {
        long pid = ProcessHandle.current().pid();
        assertThat(paths.canonical("/proc/self/status")).isEqualTo("/proc/self/status");
        assertThat(paths.canonical("/proc/" + pid + "/status")).isEqualTo("/proc/self/status");
        assertThat(paths.canonical("/proc/" + pid)).isEqualTo("/proc/self");
        assertThat(paths.canonical("/proc/1/status")).isEqualTo("/proc/1/status");
        assertThat(paths.canonical("/proc/" + pid + "0/status")).startsWith("/proc/" + pid + "0");
    }

    @Test
    void theParentFormLeavesTheLastNameUnfollowed() throws IOException {
        Files.createSymbolicLink(root.resolve("data/to-key"), root.resolve("secret/key"));
        Files.createSymbolicLink(root.resolve("data/to-secret"), Path.of("../secret"));

        assertThat(paths.canonicalParent("to-key")).isEqualTo(root + "/data/to-key");
        assertThat(paths.canonicalParent("to-secret/key")).isEqualTo(root + "/secret/key");
        assertThat(paths.canonicalParent(root + "/data/sub/")).isEqualTo(root + "/data/sub");
        assertThat(paths.canonicalParent("/x")).isEqualTo("/x");
    }

    @Test
    void procSelfLinksResolveToWhatTheyPointTo() throws IOException {
        assertThat(paths.canonical("/proc/self/root" + root + "/secret/key")).isEqualTo(root + "/secret/key");
        assertThat(paths.canonical("/proc/self/fd")).isEqualTo("/proc/self/fd");
    }

    @Test
    void aLinkLoopIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("data/loop-a"), Path.of("loop-b"));
        Files.createSymbolicLink(root.resolve("data/loop-b"), Path.of("loop-a"));

        assertThatThrownBy(() -> paths.canonical("loop-a/x")).isInstanceOf(IOException.class)
                .hasMessageContaining("too many levels of symbolic links");
    }
}
