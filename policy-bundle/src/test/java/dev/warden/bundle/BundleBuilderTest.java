package dev.warden.bundle;

import static dev.warden.bundle.BundleFixtures.CREATED;
import static dev.warden.bundle.BundleFixtures.POLICY;
import static dev.warden.bundle.BundleFixtures.entries;
import static dev.warden.bundle.BundleFixtures.policyDir;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.warden.bundle.BundleException.Problem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleBuilderTest {

    @TempDir
    Path tmp;

    private BundleBuilder builder(Path dir) {
        return new BundleBuilder(dir).name("support-bot").revision(1).clock(Clock.fixed(CREATED, ZoneOffset.UTC));
    }

    @Test
    void writesTheManifestAndTheFilesAsWritten() throws Exception {
        Path dir = policyDir(tmp, "src", POLICY);
        Path out = tmp.resolve("b.wbundle");

        Manifest manifest = builder(dir).expires(Instant.parse("2026-01-01T00:00:00Z")).build(out);

        assertThat(entries(out)).containsOnlyKeys("manifest.yaml", "notes.md", "policy.yaml");
        assertThat(new String(entries(out).get("policy.yaml"), StandardCharsets.UTF_8)).isEqualTo(POLICY);
        String yaml = new String(entries(out).get("manifest.yaml"), StandardCharsets.UTF_8);
        assertThat(yaml).startsWith("format: 1\nname: support-bot\nrevision: 1\ncreated: 2025-06-01T10:00:00Z\n")
                .contains("policy: policy.yaml\n").contains("  policy.yaml: sha256:");
        assertThat(BundleArchive.read(out).manifest()).isEqualTo(manifest);
        assertThat(manifest.files().get("policy.yaml")).isEqualTo("sha256:" + Hashes.sha256Hex(POLICY.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void buildingTwiceGivesTheSameBytes() throws Exception {
        Path dir = policyDir(tmp, "src", POLICY);
        builder(dir).build(tmp.resolve("1.wbundle"));
        builder(dir).build(tmp.resolve("2.wbundle"));

        assertThat(Files.readAllBytes(tmp.resolve("1.wbundle"))).isEqualTo(Files.readAllBytes(tmp.resolve("2.wbundle")));
    }

    private BundleException refused(BundleBuilder builder) {
        return catchThrowableOfType(BundleException.class, () -> builder.build(tmp.resolve("out.wbundle")));
    }

    @Test
    void refusesADirectoryWithoutPolicyYaml() throws Exception {
        Path dir = Files.createDirectory(tmp.resolve("empty"));

        assertThat(refused(builder(dir)).reason()).isEqualTo("no policy.yaml in the directory");
    }

    @Test
    void refusesAPolicyThatDoesNotParseWithItsLine() throws Exception {
        Path dir = policyDir(tmp, "src", "policy: x\negres: []\n");

        BundleException e = refused(builder(dir));

        assertThat(e.problem()).isEqualTo(Problem.BAD_POLICY);
        assertThat(e.getMessage()).startsWith(dir.resolve("policy.yaml") + ":2: ");
    }

    @Test
    void refusesSubdirectoriesSymlinksAndOddNames() throws Exception {
        Path dir = policyDir(tmp, "src", POLICY);
        Files.createDirectory(dir.resolve("sub"));
        assertThat(refused(builder(dir)).reason()).isEqualTo("only regular files are bundled (no subdirectories)");
        Files.delete(dir.resolve("sub"));

        Files.createSymbolicLink(dir.resolve("link.yaml"), dir.resolve("policy.yaml"));
        assertThat(refused(builder(dir)).reason()).isEqualTo("symbolic links are not bundled");
        Files.delete(dir.resolve("link.yaml"));

        Files.writeString(dir.resolve(".hidden"), "x");
        assertThat(refused(builder(dir)).reason()).startsWith("file name not allowed in a bundle");
    }

    @Test
    void refusesBadNamesRevisionsAndExpiries() throws Exception {
        Path dir = policyDir(tmp, "src", POLICY);

        assertThat(refused(builder(dir).name("../etc")).reason()).startsWith("bundle name '../etc' must match");
        assertThat(refused(builder(dir).revision(0)).reason()).isEqualTo("revision must be a positive integer, got 0");
        assertThat(refused(builder(dir).expires(CREATED.minusSeconds(1))).reason())
                .isEqualTo("expires 2025-06-01T09:59:59Z is not after the creation time 2025-06-01T10:00:00Z");
    }
}
