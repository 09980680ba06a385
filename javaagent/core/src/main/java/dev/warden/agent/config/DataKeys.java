package dev.warden.agent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The data keys that tokenize values and encrypt files, from {@code keys=FILE} or {@code keys=env:NAME}; never
 * from the bundle, so whoever can read a bundle cannot read the data it protects.
 *
 * <p>The text holds one {@code key ID BASE64} line per 256-bit key. The last key is the current one: it encrypts
 * and tokenizes. Every listed key still decrypts, which is how keys rotate: add a key, keep the old ones until
 * nothing encrypted under them remains. The id is derived from the key itself, so a mistyped key cannot pass as
 * the one its id names.
 */
public final class DataKeys {

    /** The prefix of {@code keys=env:NAME}: the keys are the value of environment variable NAME. */
    public static final String ENVIRONMENT_PREFIX = "env:";
    private static final int KEY_BYTES = 32;
    private static final String CREDENTIAL = "credential ";
    private static final String HEADER = "# Warden data keys: keep this file secret. The last key encrypts, every key decrypts.\n";

    /** One data key. Its material never leaves this class except as keys derived for one purpose. */
    public static final class DataKey {
        private final String id;
        private final byte[] material;

        private DataKey(String id, byte[] material) {
            this.id = id;
            this.material = material;
        }

        /** The key's id, written beside everything it encrypts. */
        public String id() {
            return id;
        }

        /**
         * A 256-bit key for one purpose (HKDF-SHA256 with the purpose as info), so that tokens and files never
         * share a key even though they come from the same data key.
         */
        public byte[] derive(String purpose) {
            HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
            hkdf.init(new HKDFParameters(material, null, purpose.getBytes(StandardCharsets.UTF_8)));
            byte[] derived = new byte[KEY_BYTES];
            hkdf.generateBytes(derived, 0, derived.length);
            return derived;
        }

        @Override
        public String toString() {
            return "data key " + id;
        }
    }

    private final List<DataKey> keys;
    private final Map<String, String> credentials;
    private final String origin;

    private DataKeys(List<DataKey> keys, Map<String, String> credentials, String origin) {
        this.keys = List.copyOf(keys);
        this.credentials = Map.copyOf(credentials);
        this.origin = origin;
    }

    /**
     * Loads the keys a {@code keys=} setting names.
     *
     * @param setting a file path, or {@code env:NAME}
     * @param environment the process environment (a seam for tests)
     */
    public static DataKeys load(String setting, Function<String, String> environment) throws ConfigException {
        if (setting.startsWith(ENVIRONMENT_PREFIX)) {
            String name = setting.substring(ENVIRONMENT_PREFIX.length());
            String value = environment.apply(name);
            if (value == null || value.isBlank()) {
                throw new ConfigException("keys=" + setting + ": environment variable " + name + " is not set");
            }
            return parse(value, "environment variable " + name);
        }
        Path file = Path.of(setting);
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (NoSuchFileException e) {
            throw new ConfigException("keys=" + setting + ": no such file (make one with: java -jar warden-agent.jar keygen --data --out FILE)");
        } catch (IOException e) {
            throw new ConfigException("keys=" + setting + ": cannot read it: " + e.getMessage());
        }
    }

    /**
     * Parses key lines, and {@code credential NAME VALUE} lines (the values of the policy's {@code keys:NAME}
     * credentials); lines may also be separated by {@code ;}, so that the keys fit one environment variable.
     */
    public static DataKeys parse(String text, String origin) throws ConfigException {
        List<DataKey> keys = new ArrayList<>();
        Map<String, String> credentials = new HashMap<>();
        String[] lines = text.split("\n");
        for (int i = 0; i < lines.length; i++) {
            for (String entry : lines[i].split(";")) {
                String line = entry.strip();
                if (line.startsWith("#")) {
                    break;
                }
                if (line.startsWith(CREDENTIAL)) {
                    credential(line, origin + ", line " + (i + 1), credentials);
                } else if (!line.isEmpty()) {
                    keys.add(key(line, origin + ", line " + (i + 1)));
                }
            }
        }
        if (keys.isEmpty()) {
            throw new ConfigException(origin + ": holds no data key");
        }
        return new DataKeys(keys, credentials, origin);
    }

    private static void credential(String line, String where, Map<String, String> credentials) throws ConfigException {
        String[] fields = line.split("\\s+");
        if (fields.length != 3) {
            throw new ConfigException(where + ": expected 'credential NAME VALUE' (the value without spaces or ';')");
        }
        if (credentials.put(fields[1], fields[2]) != null) {
            throw new ConfigException(where + ": credential " + fields[1] + " is listed twice");
        }
    }

    private static DataKey key(String line, String where) throws ConfigException {
        String[] fields = line.split("\\s+");
        if (fields.length != 3 || !fields[0].equals("key")) {
            throw new ConfigException(where + ": expected 'key ID BASE64'");
        }
        byte[] material;
        try {
            material = Base64.getDecoder().decode(fields[2]);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(where + ": the key is not base64");
        }
        if (material.length != KEY_BYTES) {
            throw new ConfigException(where + ": a data key has " + KEY_BYTES + " bytes, this one " + material.length);
        }
        String id = idOf(material);
        if (!id.equals(fields[1])) {
            throw new ConfigException(where + ": key " + fields[1] + " does not match its material (its id would be " + id + ")");
        }
        return new DataKey(id, material);
    }

    /** The key that encrypts and tokenizes now: the last one listed. */
    public DataKey current() {
        return keys.get(keys.size() - 1);
    }

    /** The key with this id, for decrypting what an older (or the current) key encrypted. */
    public Optional<DataKey> byId(String id) {
        for (DataKey key : keys) {
            if (key.id.equals(id)) {
                return Optional.of(key);
            }
        }
        return Optional.empty();
    }

    /** The value of a {@code credential NAME VALUE} line, for a policy credential {@code keys:NAME}. */
    public Optional<String> credential(String name) {
        return Optional.ofNullable(credentials.get(name));
    }

    /** Every key, oldest first. */
    public List<DataKey> all() {
        return keys;
    }

    /** Where the keys came from, for messages ("no key abc123 in FILE"). */
    public String origin() {
        return origin;
    }

    /**
     * Adds a new random key to a key file, creating the file (readable by its owner only) when absent. The new key
     * becomes the current one.
     *
     * @return the new key's id
     */
    public static String addNewKey(Path file) throws IOException {
        byte[] material = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(material);
        String id = idOf(material);
        String line = "key " + id + " " + Base64.getEncoder().encodeToString(material) + "\n";
        if (Files.exists(file)) {
            String existing = Files.readString(file, StandardCharsets.UTF_8);
            try {
                parse(existing, file.toString());
            } catch (ConfigException e) {
                throw new IOException(file + " is not a data-key file, left unchanged: " + e.getMessage());
            }
            String separator = existing.isEmpty() || existing.endsWith("\n") ? "" : "\n";
            Files.writeString(file, existing + separator + line, StandardCharsets.UTF_8);
        } else {
            createOwnerOnly(file);
            Files.writeString(file, HEADER + line, StandardCharsets.UTF_8);
        }
        return id;
    }

    private static void createOwnerOnly(Path file) throws IOException {
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    private static String idOf(byte[] material) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update("warden data key id\0".getBytes(StandardCharsets.US_ASCII));
            byte[] digest = sha256.digest(material);
            return HexFormat.of().formatHex(digest, 0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
