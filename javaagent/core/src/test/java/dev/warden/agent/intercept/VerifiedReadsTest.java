package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.decide.CanonicalPaths;
import java.io.FileInputStream;
import java.io.IOException;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Proxy;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On real files, links and descriptors in a temporary directory (the JDK's packages opened by the build, not by an agent). */
class VerifiedReadsTest {

    @TempDir
    Path temp;

    private Path root;
    private VerifiedReads reads;

    @BeforeEach
    void sandbox() throws IOException {
        root = temp.toRealPath();
        Files.createDirectories(root.resolve("data/sub"));
        Files.createDirectories(root.resolve("secret"));
        Files.writeString(root.resolve("data/sub/a.txt"), "a");
        Files.writeString(root.resolve("secret/key"), "k");
        // redefineModule has nothing to do: the build opens the packages to the tests
        Instrumentation openedByTheBuild = (Instrumentation) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Instrumentation.class}, (proxy, method, args) -> null);
        reads = new VerifiedReads(new CanonicalPaths(root.toString()), new OpenedFiles(openedByTheBuild));
    }

    @Test
    void aPathIsResolvedAtItsFirstOpenConfirmedAtItsSecondAndKnownAfter() throws IOException {
        String file = root + "/data/sub/a.txt";
        for (int open = 0; open < 4; open++) {
            assertThat(reads.canonicalBeforeOpen("data/./sub/a.txt")).isEqualTo(file);
            try (FileInputStream in = new FileInputStream(file)) {
                assertThat(reads.openedElsewhere("data/./sub/a.txt", in)).as("open %d", open).isNull();
            }
        }
    }

    @Test
    void aLastNameSwappedForALinkSinceIsReportedByWhatWasOpened() throws IOException {
        String file = root + "/data/sub/a.txt";
        readTwice(file);
        Files.delete(Path.of(file));
        Files.createSymbolicLink(Path.of(file), root.resolve("secret/key"));

        assertThat(reads.canonicalBeforeOpen(file)).as("decided before the open on what it was").isEqualTo(file);
        try (FileInputStream in = new FileInputStream(file)) {
            assertThat(reads.openedElsewhere(file, in)).isEqualTo(root + "/secret/key");
        }
        assertThat(reads.canonicalBeforeOpen(file)).as("forgotten: resolved again").isEqualTo(root + "/secret/key");
    }

    @Test
    void aParentDirectorySwappedForALinkSinceIsReportedByWhatWasOpened() throws IOException {
        String file = root + "/data/sub/a.txt";
        Files.writeString(root.resolve("secret/a.txt"), "s");
        readTwice(file);
        Files.move(root.resolve("data/sub"), root.resolve("data/sub-old"));
        Files.createSymbolicLink(root.resolve("data/sub"), root.resolve("secret"));

        try (FileChannel channel = FileChannel.open(Path.of(file))) {
            assertThat(reads.openedElsewhere(file, channel)).isEqualTo(root + "/secret/a.txt");
        }
    }

    @Test
    void aFileReplacedByANewOneIsConfirmedAgainWhereItIs() throws IOException {
        String file = root + "/data/sub/a.txt";
        readTwice(file);
        Files.delete(Path.of(file));
        Files.writeString(Path.of(file), "new");

        try (FileInputStream in = new FileInputStream(file)) {
            assertThat(reads.openedElsewhere(file, in)).isNull();
        }
    }

    private void readTwice(String file) throws IOException {
        for (int open = 0; open < 2; open++) {
            reads.canonicalBeforeOpen(file);
            try (FileInputStream in = new FileInputStream(file)) {
                assertThat(reads.openedElsewhere(file, in)).isNull();
            }
        }
    }
}
