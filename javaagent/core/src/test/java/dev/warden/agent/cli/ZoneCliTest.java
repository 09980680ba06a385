package dev.warden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.warden.agent.apply.zone.ZoneFiles;
import dev.warden.agent.apply.zone.ZoneFormat;
import dev.warden.agent.config.DataKeys;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zone encrypt DIR}: every plaintext file under a directory encrypted in place, the encrypted ones skipped. */
class ZoneCliTest extends ConsoleCapture {

    @TempDir
    Path tmp;
    private Path keys;
    private Path zone;

    @BeforeEach
    void keysAndAZone() throws Exception {
        keys = tmp.resolve("data.keys");
        DataKeys.addNewKey(keys);
        zone = Files.createDirectories(tmp.resolve("zone"));
    }

    private String decrypted(Path file) throws Exception {
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        try (InputStream in = Files.newInputStream(file)) {
            ZoneFiles.decrypt(in, plain, DataKeys.load(keys.toString(), name -> null), file.toString());
        }
        return plain.toString(StandardCharsets.UTF_8);
    }

    private Path alreadyEncrypted(Path file, String text) throws Exception {
        try (OutputStream out = Files.newOutputStream(file)) {
            ZoneFiles.encrypt(new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), out,
                    DataKeys.load(keys.toString(), name -> null));
        }
        return file;
    }

    private static long filesIn(Path dir) throws Exception {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void encryptsEveryPlaintextFileUnderTheDirectoryInPlaceAndSkipsTheEncryptedOnes() throws Exception {
        Path top = Files.writeString(zone.resolve("a.txt"), "alpha");
        Path nested = Files.writeString(Files.createDirectories(zone.resolve("deeper/still")).resolve("b.txt"), "beta");
        Path empty = Files.write(zone.resolve("empty"), new byte[0]);
        Files.setPosixFilePermissions(top, PosixFilePermissions.fromString("rw-r-----"));
        Path sealed = alreadyEncrypted(zone.resolve("sealed.txt"), "gamma");
        byte[] sealedBefore = Files.readAllBytes(sealed);

        int exit = WardenCli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString());

        assertThat(exit).as(err()).isZero();
        assertThat(out()).contains("encrypted " + top, "encrypted " + nested, "encrypted " + empty,
                "skipped " + sealed + ": already in Warden's zone format",
                "warden: encrypted 3 files under " + zone + " with data key ", ", skipped 1 already encrypted");
        for (Path file : new Path[] {top, nested, empty}) {
            assertThat(ZoneFormat.isZoneFile(file)).as(file.toString()).isTrue();
        }
        assertThat(decrypted(top)).isEqualTo("alpha");
        assertThat(decrypted(nested)).isEqualTo("beta");
        assertThat(decrypted(empty)).isEmpty();
        assertThat(Files.readAllBytes(sealed)).isEqualTo(sealedBefore);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(top))).isEqualTo("rw-r-----");
        assertThat(filesIn(zone)).as("no temporary file is left").isEqualTo(4);

        clearOutput();
        assertThat(WardenCli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString())).isZero();
        assertThat(out()).contains("warden: encrypted 0 files under " + zone, "skipped 4 already encrypted");
    }

    @Test
    void aDryRunListsWhatWouldBeEncryptedAndChangesNothing() throws Exception {
        Path plain = Files.writeString(zone.resolve("a.txt"), "alpha");
        Path sealed = alreadyEncrypted(zone.resolve("sealed.txt"), "gamma");

        int exit = WardenCli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString(), "--dry-run");

        assertThat(exit).isZero();
        assertThat(out()).contains("would encrypt " + plain, "skipped " + sealed,
                "warden: would encrypt 1 file under " + zone + ", skipped 1 already encrypted (dry run: nothing changed)");
        assertThat(Files.readString(plain)).isEqualTo("alpha");
    }

    /** Permissions deny nothing to root, so this failure needs another user. */
    private static void assumeNotRoot() {
        assumeFalse("root".equals(System.getProperty("user.name")), "file permissions do not bind root");
    }

    @Test
    void aFileThatCannotBeReadStopsTheRunLeavesItAsItWasAndExitsOne() throws Exception {
        assumeNotRoot();
        Path first = Files.writeString(zone.resolve("a.txt"), "alpha");
        Path unreadable = Files.writeString(zone.resolve("b.txt"), "beta");
        Path after = Files.writeString(zone.resolve("c.txt"), "gamma");
        alreadyEncrypted(zone.resolve("d.txt"), "delta");
        Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("-w-------"));
        try {
            // the scan reads each file's first bytes: an unreadable file fails it before anything changes
            assertThat(WardenCli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString())).isEqualTo(1);
            assertThat(err()).contains("warden: cannot read " + zone, unreadable.toString(), "nothing was encrypted");
            assertThat(Files.readString(first)).isEqualTo("alpha");
            assertThat(Files.readString(after)).isEqualTo("gamma");
        } finally {
            Files.setPosixFilePermissions(unreadable, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void aFileThatCannotBeWrittenBesideIsLeftAsItWasTheOnesAfterItTooAndARerunGoesOn() throws Exception {
        Path first = Files.writeString(zone.resolve("a.txt"), "alpha");
        // the temporary file's name (NAME.<random>.partial) exceeds the file system's 255 bytes: it cannot be made
        Path tooLongBeside = Files.writeString(zone.resolve("b" + "x".repeat(240)), "beta");
        Path after = Files.writeString(zone.resolve("c.txt"), "gamma");

        assertThat(WardenCli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString())).isEqualTo(1);

        assertThat(out()).contains("encrypted " + first, "warden: encrypted 1 of 3 files under " + zone);
        assertThat(err()).contains("warden: cannot encrypt " + tooLongBeside + ": ", "; it is left as it was. 2 files not"
                + " encrypted yet: run the command again once fixed (encrypted files are skipped)");
        assertThat(ZoneFormat.isZoneFile(first)).isTrue();
        assertThat(Files.readString(tooLongBeside)).isEqualTo("beta");
        assertThat(Files.readString(after)).isEqualTo("gamma");
        assertThat(filesIn(zone)).as("no temporary file is left").isEqualTo(3);

        Files.move(tooLongBeside, zone.resolve("b.txt"));
        clearOutput();
        assertThat(WardenCli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString())).isZero();
        assertThat(out()).contains("warden: encrypted 2 files under " + zone, "skipped 1 already encrypted");
        assertThat(decrypted(zone.resolve("b.txt"))).isEqualTo("beta");
        assertThat(decrypted(after)).isEqualTo("gamma");
    }

    @Test
    void aDirectoryTakesNoOutAndAFileTakesNoDryRunAndASingleFileWorksAsBefore() throws Exception {
        assertThat(WardenCli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString(), "--out",
                tmp.resolve("x").toString())).isEqualTo(2);
        assertThat(err()).contains("is a directory, encrypted in place: --out takes a single file");
        assertThat(WardenCli.run("zone", "decrypt", zone.toString(), "--keys", keys.toString())).isEqualTo(2);

        Path plain = Files.writeString(tmp.resolve("single.txt"), "alpha");
        assertThat(WardenCli.run("zone", "encrypt", plain.toString(), "--keys", keys.toString(), "--dry-run")).isEqualTo(2);
        Path encrypted = tmp.resolve("single.wzf");
        assertThat(WardenCli.run("zone", "encrypt", plain.toString(), "--keys", keys.toString(), "--out",
                encrypted.toString())).isZero();
        assertThat(decrypted(encrypted)).isEqualTo("alpha");
        assertThat(Files.readString(plain)).isEqualTo("alpha");
    }
}
