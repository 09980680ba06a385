package dev.warden.agent.apply.zone;

import dev.warden.agent.config.DataKeys;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The on-disk format of a file in an encryption zone (version 1): segmented streaming AEAD, so a
 * file of any size is written and read in one pass with bounded memory, and any change is caught.
 *
 * <pre>
 * header   "WZF1" | version (1) | key id length (1) | key id (ASCII) | salt (16) | nonce prefix (7)
 * segments AES-256-GCM(file key, nonce = prefix | segment index (4, big-endian) | last (1: 0 or 1),
 *                      aad = the header) of 64 KiB of plaintext each; only the last may be shorter
 *                      (or empty) and only it has the last flag set.
 * </pre>
 *
 * The file key is HMAC-SHA256(the data key's zone key, salt): a fresh key per file, so nonces never
 * repeat across files. The index in the nonce catches reordered or dropped segments, the last flag a
 * file cut at a segment boundary, the tag any changed byte, and the header as AAD a changed key id
 * or salt.
 */
public final class ZoneFormat {

    static final byte[] MAGIC = "WZF1".getBytes(StandardCharsets.US_ASCII);
    static final int VERSION = 1;
    static final int SEGMENT = 64 * 1024;
    static final int TAG = 16;
    static final int SALT = 16;
    static final int NONCE_PREFIX = 7;
    private static final String PURPOSE = "warden encryption zone file v1";

    private final byte[] header;
    private final byte[] noncePrefix;
    private final SecretKeySpec fileKey;
    private final Cipher cipher;

    private ZoneFormat(byte[] header, byte[] noncePrefix, SecretKeySpec fileKey) throws IOException {
        this.header = header;
        this.noncePrefix = noncePrefix;
        this.fileKey = fileKey;
        try {
            this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException unavailable) {
            throw new IOException("warden: AES-GCM is not available in this JVM", unavailable);
        }
    }

    /** A new file under {@code key}: fresh salt and nonce prefix. */
    static ZoneFormat forNewFile(DataKeys.DataKey key) throws IOException {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[SALT];
        byte[] prefix = new byte[NONCE_PREFIX];
        random.nextBytes(salt);
        random.nextBytes(prefix);
        byte[] id = key.id().getBytes(StandardCharsets.US_ASCII);
        ByteBuffer header = ByteBuffer.allocate(MAGIC.length + 2 + id.length + SALT + NONCE_PREFIX);
        header.put(MAGIC).put((byte) VERSION).put((byte) id.length).put(id).put(salt).put(prefix);
        return new ZoneFormat(header.array(), prefix, fileKey(key, salt));
    }

    /** Whether {@code head[0, length)} begins with this format's magic: anything else is no zone file. */
    static boolean startsWithMagic(byte[] head, int length) {
        return length >= MAGIC.length && Arrays.equals(head, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Whether {@code file} is in this format (begins with its magic): what {@code zone encrypt DIR} leaves as it is. */
    public static boolean isZoneFile(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(MAGIC.length);
            return startsWithMagic(head, head.length);
        }
    }

    /**
     * Reads the header of an existing file and finds its key.
     *
     * @param in the file from its start, whose magic {@link #startsWithMagic} has checked
     * @param file for messages
     */
    static ZoneFormat readHeader(InputStream in, DataKeys keys, String file) throws IOException {
        DataInputStream data = new DataInputStream(in);
        byte[] fixed = new byte[MAGIC.length + 2];
        try {
            data.readFully(fixed);
            if (fixed[MAGIC.length] != VERSION) {
                throw new IOException("warden: " + file + " has encryption format version " + fixed[MAGIC.length]
                        + ", this Warden reads version " + VERSION);
            }
            byte[] rest = new byte[(fixed[MAGIC.length + 1] & 0xff) + SALT + NONCE_PREFIX];
            data.readFully(rest);
            String id = new String(rest, 0, rest.length - SALT - NONCE_PREFIX, StandardCharsets.US_ASCII);
            if (keys == null) {
                throw new IOException("warden: cannot decrypt " + file + ": no data keys are configured (keys=)");
            }
            DataKeys.DataKey key = keys.byId(id).orElseThrow(() -> new IOException("warden: cannot decrypt " + file
                    + ": it was encrypted with data key " + id + ", which is not in " + keys.origin()));
            byte[] header = new byte[fixed.length + rest.length];
            System.arraycopy(fixed, 0, header, 0, fixed.length);
            System.arraycopy(rest, 0, header, fixed.length, rest.length);
            byte[] salt = Arrays.copyOfRange(rest, rest.length - SALT - NONCE_PREFIX, rest.length - NONCE_PREFIX);
            byte[] prefix = Arrays.copyOfRange(rest, rest.length - NONCE_PREFIX, rest.length);
            return new ZoneFormat(header, prefix, fileKey(key, salt));
        } catch (EOFException cut) {
            throw new IOException("warden: " + file + " is cut short: its encryption header is incomplete");
        }
    }

    private static SecretKeySpec fileKey(DataKeys.DataKey key, byte[] salt) throws IOException {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.derive(PURPOSE), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(salt), "AES");
        } catch (GeneralSecurityException unavailable) {
            throw new IOException("warden: HMAC-SHA256 is not available in this JVM", unavailable);
        }
    }

    byte[] header() {
        return header.clone();
    }

    /** Encrypts {@code plain[0, length)} as segment {@code index}; returns the bytes written to {@code out}. */
    int seal(long index, boolean last, byte[] plain, int length, byte[] out) throws IOException {
        try {
            cipher.init(Cipher.ENCRYPT_MODE, fileKey, nonce(index, last));
            cipher.updateAAD(header);
            return cipher.doFinal(plain, 0, length, out, 0);
        } catch (GeneralSecurityException failed) {
            throw new IOException("warden: cannot encrypt segment " + index + ": " + failed, failed);
        }
    }

    /**
     * Decrypts segment {@code index} of {@code sealed[0, length)} into {@code out}; returns its plaintext length.
     *
     * @throws IOException when the segment was changed, moved or is not the {@code last} one it claims
     */
    int open(long index, boolean last, byte[] sealed, int length, byte[] out, String file) throws IOException {
        try {
            cipher.init(Cipher.DECRYPT_MODE, fileKey, nonce(index, last));
            cipher.updateAAD(header);
            return cipher.doFinal(sealed, 0, length, out, 0);
        } catch (javax.crypto.AEADBadTagException tampered) {
            throw new IOException("warden: cannot decrypt " + file + ": segment " + index + " fails authentication"
                    + " (the file was changed, reordered or cut short, or the key is wrong)");
        } catch (GeneralSecurityException failed) {
            throw new IOException("warden: cannot decrypt " + file + ": " + failed, failed);
        }
    }

    private GCMParameterSpec nonce(long index, boolean last) throws IOException {
        if (index > 0xffffffffL) {
            throw new IOException("warden: a zone file holds at most 2^32 segments of 64 KiB");
        }
        byte[] nonce = new byte[NONCE_PREFIX + 5];
        System.arraycopy(noncePrefix, 0, nonce, 0, NONCE_PREFIX);
        nonce[7] = (byte) (index >>> 24);
        nonce[8] = (byte) (index >>> 16);
        nonce[9] = (byte) (index >>> 8);
        nonce[10] = (byte) index;
        nonce[11] = (byte) (last ? 1 : 0);
        return new GCMParameterSpec(TAG * 8, nonce);
    }
}
