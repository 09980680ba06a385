package dev.warden.agent.apply.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.config.DataKeys;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZoneFormatTest {

    private static final int SEALED_SEGMENT = ZoneFormat.SEGMENT + ZoneFormat.TAG;

    @TempDir
    Path dir;

    private DataKeys keys(String name, int count) throws Exception {
        Path file = dir.resolve(name);
        for (int i = 0; i < count; i++) {
            DataKeys.addNewKey(file);
        }
        return DataKeys.load(file.toString(), variable -> null);
    }

    private static byte[] data(int size) {
        byte[] bytes = new byte[size];
        new Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] encrypt(byte[] plain, DataKeys keys) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZoneFiles.encrypt(new ByteArrayInputStream(plain), out, keys);
        return out.toByteArray();
    }

    private static byte[] decrypt(byte[] sealed, DataKeys keys) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ZoneFiles.decrypt(new ByteArrayInputStream(sealed), out, keys, "f.bin");
        return out.toByteArray();
    }

    private int headerLength(DataKeys keys) {
        return ZoneFormat.MAGIC.length + 2 + keys.current().id().length() + ZoneFormat.SALT + ZoneFormat.NONCE_PREFIX;
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 100, 65_535, 65_536, 65_537, 3 * 65_536, 200_000})
    void whatIsWrittenReadsBackEqual(int size) throws Exception {
        DataKeys keys = keys("k", 1);
        byte[] plain = data(size);

        byte[] sealed = encrypt(plain, keys);

        assertThat(decrypt(sealed, keys)).isEqualTo(plain);
        int segments = size / ZoneFormat.SEGMENT + 1;
        if (size > 0 && size % ZoneFormat.SEGMENT == 0) {
            segments--; // a full last segment is sealed as the last one
        }
        assertThat(sealed).hasSize(headerLength(keys) + size + segments * ZoneFormat.TAG);
    }

    @Test
    void theDiskHoldsNoPlaintextAndEachFileDiffers() throws Exception {
        DataKeys keys = keys("k", 1);
        byte[] plain = "customer alice@example.com card 4111111111111111".repeat(100).getBytes(StandardCharsets.UTF_8);

        byte[] first = encrypt(plain, keys);
        byte[] second = encrypt(plain, keys);

        assertThat(new String(first, StandardCharsets.ISO_8859_1)).doesNotContain("alice").startsWith("WZF1");
        assertThat(Arrays.copyOfRange(first, headerLength(keys), first.length))
                .isNotEqualTo(Arrays.copyOfRange(second, headerLength(keys), second.length));
    }

    @Test
    void aChangedByteIsDetected() throws Exception {
        DataKeys keys = keys("k", 1);
        byte[] sealed = encrypt(data(100_000), keys);
        for (int at : new int[] {5, headerLength(keys) - 1, headerLength(keys) + 10, sealed.length - 1}) {
            byte[] tampered = sealed.clone();
            tampered[at] ^= 1;
            assertThatThrownBy(() -> decrypt(tampered, keys)).isInstanceOf(IOException.class).hasMessageStartingWith("warden: ");
        }
    }

    @Test
    void truncationIsDetectedAlsoAtASegmentBoundary() throws Exception {
        DataKeys keys = keys("k", 1);
        byte[] sealed = encrypt(data(3 * 65_536 + 10), keys);
        int header = headerLength(keys);

        byte[] lastSegmentGone = Arrays.copyOf(sealed, header + 3 * SEALED_SEGMENT);
        byte[] cutInside = Arrays.copyOf(sealed, sealed.length - 3);
        byte[] headerOnly = Arrays.copyOf(sealed, header);
        byte[] halfHeader = Arrays.copyOf(sealed, 7);

        for (byte[] cut : new byte[][] {lastSegmentGone, cutInside, headerOnly, halfHeader}) {
            assertThatThrownBy(() -> decrypt(cut, keys)).isInstanceOf(IOException.class).hasMessageStartingWith("warden: ");
        }
    }

    @Test
    void reorderedOrDuplicatedSegmentsAreDetected() throws Exception {
        DataKeys keys = keys("k", 1);
        byte[] sealed = encrypt(data(3 * 65_536 + 10), keys);
        int header = headerLength(keys);

        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, header + SEALED_SEGMENT, swapped, header, SEALED_SEGMENT);
        System.arraycopy(sealed, header, swapped, header + SEALED_SEGMENT, SEALED_SEGMENT);
        byte[] duplicated = sealed.clone();
        System.arraycopy(sealed, header, duplicated, header + SEALED_SEGMENT, SEALED_SEGMENT);

        assertThatThrownBy(() -> decrypt(swapped, keys)).hasMessageContaining("segment 0 fails authentication");
        assertThatThrownBy(() -> decrypt(duplicated, keys)).hasMessageContaining("segment 1 fails authentication");
    }

    @Test
    void aFileFromAnotherFileCannotBeSplicedIn() throws Exception {
        DataKeys keys = keys("k", 1);
        byte[] one = encrypt(data(100_000), keys);
        byte[] two = encrypt(data(100_000), keys);
        byte[] spliced = one.clone();
        System.arraycopy(two, headerLength(keys), spliced, headerLength(keys), SEALED_SEGMENT);

        assertThatThrownBy(() -> decrypt(spliced, keys)).hasMessageContaining("fails authentication");
    }

    @Test
    void aMissingOrUnknownKeyIsAClearError() throws Exception {
        byte[] sealed = encrypt(data(10), keys("k", 1));
        DataKeys other = keys("other", 1);

        assertThatThrownBy(() -> decrypt(sealed, other)).isInstanceOf(IOException.class)
                .hasMessageStartingWith("warden: cannot decrypt f.bin: it was encrypted with data key ")
                .hasMessageContaining("which is not in");
        assertThatThrownBy(() -> decrypt(sealed, null))
                .hasMessage("warden: cannot decrypt f.bin: no data keys are configured (keys=)");
    }

    @Test
    void aPlaintextFileIsNotReadAsIfDecrypted() throws Exception {
        DataKeys keys = keys("k", 1);
        assertThatThrownBy(() -> decrypt("hello, plain world".getBytes(StandardCharsets.UTF_8), keys))
                .hasMessage("warden: f.bin is not a Warden-encrypted file");
        assertThat(decrypt(new byte[0], keys)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 4, 100, 200_000})
    void aPlaintextFileThatThePlaintextHandlerLetsThroughReadsAsItIsAndIsReportedOnce(int size) throws Exception {
        byte[] plain = data(size);
        plain[0] = 'W'; // a short file that begins like the magic is still plaintext
        List<String> found = new ArrayList<>();
        try (ZoneDecryptingStream in = new ZoneDecryptingStream(new ByteArrayInputStream(plain), keys("k", 1), "legacy.txt",
                found::add)) {
            assertThat(in.read()).isEqualTo('W');
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(plain, 1, size));
            assertThat(in.read()).isEqualTo(-1);
        }
        assertThat(found).containsExactly("legacy.txt");
    }

    @Test
    void aRefusingHandlerFailsTheFirstReadAndAnEncryptedFileNeverReachesIt() throws Exception {
        DataKeys keys = keys("k", 1);
        PlaintextFiles refusing = file -> {
            throw new IOException("refused " + file);
        };
        try (ZoneDecryptingStream in = new ZoneDecryptingStream(new ByteArrayInputStream(data(10)), keys, "p.txt", refusing)) {
            assertThatThrownBy(in::read).hasMessage("refused p.txt");
        }
        byte[] plain = data(70_000);
        try (ZoneDecryptingStream in = new ZoneDecryptingStream(new ByteArrayInputStream(encrypt(plain, keys)), keys, "z.txt",
                refusing)) {
            assertThat(in.readAllBytes()).isEqualTo(plain);
        }
    }

    @Test
    void aZoneFileIsToldFromPlaintextByItsMagic() throws Exception {
        DataKeys keys = keys("k", 1);
        Path sealed = Files.write(dir.resolve("sealed"), encrypt(data(10), keys));
        Path plain = Files.writeString(dir.resolve("plain"), "WZF");
        Path empty = Files.write(dir.resolve("empty"), new byte[0]);

        assertThat(ZoneFormat.isZoneFile(sealed)).isTrue();
        assertThat(ZoneFormat.isZoneFile(plain)).isFalse();
        assertThat(ZoneFormat.isZoneFile(empty)).isFalse();
    }

    @Test
    void filesUnderAnOldKeyStillReadAfterANewKeyIsAdded() throws Exception {
        Path file = dir.resolve("rotating");
        DataKeys.addNewKey(file);
        DataKeys before = DataKeys.load(file.toString(), variable -> null);
        byte[] old = encrypt(data(1000), before);

        DataKeys.addNewKey(file);
        DataKeys after = DataKeys.load(file.toString(), variable -> null);

        assertThat(after.current().id()).isNotEqualTo(before.current().id());
        assertThat(decrypt(old, after)).isEqualTo(data(1000));
        assertThat(new String(encrypt(data(1), after), StandardCharsets.ISO_8859_1)).contains(after.current().id());
        assertThat(Files.readString(file)).contains(before.current().id());
    }
}
