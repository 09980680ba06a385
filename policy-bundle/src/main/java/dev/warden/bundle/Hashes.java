package dev.warden.bundle;

import java.util.HexFormat;
import org.bouncycastle.crypto.digests.SHA256Digest;

/**
 * SHA-256 helpers. Bouncy Castle's digest rather than the JDK's {@code MessageDigest}: the JDK's
 * first {@code getInstance} builds the JCA provider list (about 10 ms and sixty classes of the
 * agent's start), while Bouncy Castle's services are set up at the start anyway, by the Ed25519
 * check of the bundle's signature.
 */
final class Hashes {

    private Hashes() {
    }

    static byte[] sha256(byte[] data) {
        SHA256Digest digest = new SHA256Digest();
        digest.update(data, 0, data.length);
        byte[] hash = new byte[digest.getDigestSize()];
        digest.doFinal(hash, 0);
        return hash;
    }

    static String sha256Hex(byte[] data) {
        return HexFormat.of().formatHex(sha256(data));
    }
}
