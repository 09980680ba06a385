package dev.warden.bundle;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Adds a signature to a bundle: Ed25519 over the exact {@code manifest.yaml} bytes, stored as the
 * 64 raw signature bytes in {@code signatures/<keyid>.sig}. The archive is rewritten (temp file,
 * atomic move); a signature by the same key is replaced. A bundle whose files do not match its
 * manifest is refused: nobody signs what they have not checked.
 */
public final class BundleSigner {

    private BundleSigner() {
    }

    /** Signs {@code bundle} in place with {@code key}; returns the key id. */
    public static String sign(Path bundle, Ed25519PrivateKeyParameters key) throws BundleException {
        BundleArchive archive = BundleArchive.read(bundle);
        byte[] manifestBytes = archive.manifestBytes();
        Manifest manifest = archive.manifest();
        archive.checkFiles(manifest);
        String keyId = KeyPairs.keyId(key.generatePublicKey());
        Map<String, byte[]> signatures = new java.util.TreeMap<>(archive.signatures());
        signatures.put(keyId, signature(key, manifestBytes));
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(Manifest.ENTRY, manifestBytes);
        entries.putAll(archive.files());
        signatures.forEach((id, bytes) -> entries.put(BundleArchive.SIGNATURES + id + ".sig", bytes));
        BundleArchive.write(bundle, entries, manifest.created());
        return keyId;
    }

    static byte[] signature(Ed25519PrivateKeyParameters key, byte[] message) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        signer.update(message, 0, message.length);
        return signer.generateSignature();
    }
}
