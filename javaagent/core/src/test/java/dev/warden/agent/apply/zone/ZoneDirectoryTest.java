package dev.warden.agent.apply.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ZoneDirectoryTest {

    @TempDir
    Path dir;

    private static long entries(Path dir) throws IOException {
        try (Stream<Path> all = Files.list(dir)) {
            return all.count();
        }
    }

    @Test
    void theScanFindsRegularFilesInPathOrderAndNeverFollowsALink() throws Exception {
        Path keyFile = Files.createDirectories(dir.resolve("keys")).resolve("k");
        DataKeys.addNewKey(keyFile);
        DataKeys keys = DataKeys.load(keyFile.toString(), name -> null);
        Path zone = Files.createDirectories(dir.resolve("zone"));
        Path b = Files.writeString(Files.createDirectories(zone.resolve("sub")).resolve("b"), "beta");
        Path a = Files.writeString(zone.resolve("a"), "alpha");
        Path sealed = zone.resolve("sealed");
        ZoneDirectory.encryptInPlace(Files.writeString(sealed, "gamma"), keys);
        Path outside = Files.writeString(dir.resolve("outside"), "not in the zone");
        Files.createSymbolicLink(zone.resolve("link"), outside);

        ZoneDirectory.Contents contents = ZoneDirectory.scan(zone);

        assertThat(contents.plaintext()).containsExactly(a, b);
        assertThat(contents.encrypted()).containsExactly(sealed);
    }

    @Test
    void aFailedWriteLeavesTheTargetAsItWasAndNoTemporaryFile() throws Exception {
        Path target = Files.writeString(dir.resolve("target.txt"), "original");

        assertThatThrownBy(() -> ZoneFiles.writeAtomically(target, out -> {
            out.write("half of the new".getBytes(StandardCharsets.UTF_8));
            throw new IOException("disk full");
        })).hasMessage("disk full");

        assertThat(Files.readString(target)).isEqualTo("original");
        assertThat(entries(dir)).isEqualTo(1);
    }
}
