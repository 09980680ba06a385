package dev.warden.agent.record.audit;

import dev.warden.bundle.KeyPairs;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * Signs checkpoints: an Ed25519 signature over the hash of the record before the checkpoint, which
 * by the chain covers every record up to it. Someone who can edit the log can recompute every
 * hash, but cannot sign without the key.
 */
public final class AuditSigner {

    private final Ed25519PrivateKeyParameters key;
    private final String keyId;

    public AuditSigner(Ed25519PrivateKeyParameters key) {
        this.key = key;
        this.keyId = KeyPairs.keyId(key.generatePublicKey());
    }

    String keyId() {
        return keyId;
    }

    String sign(String hash) {
        Ed25519Signer signer = new Ed25519Signer();
        signer.init(true, key);
        byte[] message = hash.getBytes(StandardCharsets.US_ASCII);
        signer.update(message, 0, message.length);
        return Base64.getEncoder().encodeToString(signer.generateSignature());
    }

    static boolean verify(Ed25519PublicKeyParameters publicKey, String hash, String signature) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(signature);
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
        Ed25519Signer verifier = new Ed25519Signer();
        verifier.init(false, publicKey);
        byte[] message = hash.getBytes(StandardCharsets.US_ASCII);
        verifier.update(message, 0, message.length);
        return verifier.verifySignature(raw);
    }
}
