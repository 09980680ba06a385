package dev.warden.bundle;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/** Real files for bundle tests: policy directories, keys, trust directories, and hand-made archives. */
final class BundleFixtures {

    static final Instant CREATED = Instant.parse("2025-06-01T10:00:00Z");
    static final Instant NOW = Instant.parse("2025-06-02T10:00:00Z");
    static final String POLICY = "policy: support-bot\negress:\n  - to: \"api.openai.com:443\"\n";

    private BundleFixtures() {
    }

    static Path policyDir(Path parent, String name, String policy) throws IOException {
        Path dir = Files.createDirectories(parent.resolve(name));
        Files.writeString(dir.resolve("policy.yaml"), policy);
        Files.writeString(dir.resolve("notes.md"), "why these rules\n");
        return dir;
    }

    static Path build(Path dir, String name, long revision, Path out) throws BundleException {
        new BundleBuilder(dir).name(name).revision(revision).clock(Clock.fixed(CREATED, ZoneOffset.UTC)).build(out);
        return out;
    }

    /** A trust directory holding the public keys of {@code keys}, and trust.yaml when given. */
    static Path trustDir(Path parent, String name, String trustYaml, Ed25519PrivateKeyParameters... keys) throws Exception {
        Path dir = Files.createDirectories(parent.resolve(name));
        Path keyDir = Files.createDirectories(parent.resolve(name + "-private"));
        for (Ed25519PrivateKeyParameters key : keys) {
            String id = KeyPairs.keyId(key.generatePublicKey());
            if (!Files.exists(keyDir.resolve(id + ".pub"))) {
                KeyPairs.write(key, keyDir.resolve(id));
            }
            Files.copy(keyDir.resolve(id + ".pub"), dir.resolve(id + ".pub"));
        }
        if (trustYaml != null) {
            Files.writeString(dir.resolve("trust.yaml"), trustYaml);
        }
        return dir;
    }

    static Map<String, byte[]> entries(Path zip) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (InputStream in = Files.newInputStream(zip); ZipInputStream stream = new ZipInputStream(in)) {
            ZipEntry entry;
            while ((entry = stream.getNextEntry()) != null) {
                entries.put(entry.getName(), stream.readAllBytes());
            }
        }
        return entries;
    }

    /** Writes entries as given, whatever their names (the writer under test would refuse some). */
    static Path writeZip(Path zip, Map<String, byte[]> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(zip); ZipOutputStream stream = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                stream.putNextEntry(new ZipEntry(entry.getKey()));
                stream.write(entry.getValue());
                stream.closeEntry();
            }
        }
        return zip;
    }

    static byte[] flip(byte[] bytes, int index) {
        byte[] copy = bytes.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    /** Replaces every occurrence of {@code from} with {@code to} (same length) in the raw file bytes. */
    static void patch(Path file, String from, String to) throws IOException {
        byte[] bytes = Files.readAllBytes(file);
        byte[] search = from.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] replace = to.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (int i = 0; i + search.length <= bytes.length; i++) {
            if (java.util.Arrays.equals(bytes, i, i + search.length, search, 0, search.length)) {
                System.arraycopy(replace, 0, bytes, i, replace.length);
            }
        }
        Files.write(file, bytes);
    }

    static byte[] zeros(int size) {
        return new byte[size];
    }

    static byte[] bytesOf(ByteArrayOutputStream out) {
        return out.toByteArray();
    }
}
