package dev.warden.bundle;

import dev.warden.bundle.BundleException.Problem;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * Verifies a {@code .wbundle} completely, in this order, stopping at the first problem:
 * <ol>
 * <li>the archive within its limits, no unsafe or duplicate entry name ({@link BundleArchive#read});</li>
 * <li>a manifest is present; at least one key is trusted; at least one signature;</li>
 * <li>signatures over the exact manifest bytes: a signature by a revoked key, or a trusted key's
 *     signature that does not verify, refuses the bundle; signatures by unknown keys are ignored;
 *     valid signatures from distinct trusted keys must reach the trust threshold;</li>
 * <li>only then is the (now authenticated) manifest parsed; every file listed, present and matching
 *     its SHA-256, no other file;</li>
 * <li>not expired at {@code now};</li>
 * <li>the entry policy parses.</li>
 * </ol>
 * Stateless and thread-safe.
 */
public final class BundleVerifier {

    private BundleVerifier() {
    }

    /** Verifies {@code bundle} against {@code trust} at time {@code now}; see the class comment. */
    public static VerifiedBundle verify(Path bundle, TrustStore trust, Instant now) throws BundleException {
        String source = bundle.toString();
        BundleArchive archive = BundleArchive.read(bundle);
        byte[] manifestBytes = archive.manifestBytes();
        if (trust.isEmpty()) {
            throw new BundleException(Problem.UNTRUSTED_KEY, source, "nothing is trusted: the trust directory "
                    + trust.directory() + " holds no *.pub key");
        }
        Map<String, byte[]> signatures = archive.signatures();
        if (signatures.isEmpty()) {
            throw new BundleException(Problem.UNSIGNED, source, "the bundle is not signed (no signatures/<keyid>.sig entry)");
        }
        List<String> valid = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        for (Map.Entry<String, byte[]> signature : signatures.entrySet()) {
            String keyId = signature.getKey();
            if (trust.isRevoked(keyId)) {
                throw new BundleException(Problem.REVOKED_KEY, source, "signed by revoked key " + keyId);
            }
            Ed25519PublicKeyParameters key = trust.keys().get(keyId);
            if (key == null) {
                unknown.add(keyId);
                continue;
            }
            if (!verifies(key, manifestBytes, signature.getValue())) {
                throw new BundleException(Problem.BAD_SIGNATURE, source, "bad signature by key " + keyId
                        + ": the manifest or the signature was altered");
            }
            valid.add(keyId);
        }
        if (valid.isEmpty()) {
            throw new BundleException(Problem.UNTRUSTED_KEY, source, "not signed by any trusted key (signed by "
                    + String.join(", ", unknown) + "; trusted: " + String.join(", ", trust.keys().keySet()) + ")");
        }
        if (valid.size() < trust.threshold()) {
            throw new BundleException(Problem.THRESHOLD_NOT_MET, source, valid.size() + " valid signature(s) from trusted keys ("
                    + String.join(", ", valid) + "), the trust threshold is " + trust.threshold());
        }
        Manifest manifest = archive.manifest();
        archive.checkFiles(manifest);
        if (manifest.expires() != null && !now.isBefore(manifest.expires())) {
            throw new BundleException(Problem.EXPIRED, source, "bundle " + manifest.name() + " revision " + manifest.revision()
                    + " expired at " + manifest.expires() + " (now " + now + ")");
        }
        Policy policy = parsePolicy(archive.files().get(manifest.policy()), source + "!" + manifest.policy());
        return new VerifiedBundle(bundle, manifest.name(), manifest.revision(), manifest.created(), manifest.expires(),
                manifest.policy(), valid, Hashes.sha256Hex(manifestBytes), manifest.files(), policy);
    }

    static boolean verifies(Ed25519PublicKeyParameters key, byte[] message, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_SIZE) {
            return false;
        }
        // the key's own check, which Ed25519Signer calls too once it has copied the message into a
        // buffer of its own and checked its key's purpose with Bouncy Castle's registrar
        return key.verify(Ed25519.Algorithm.Ed25519, null, message, 0, message.length, signature, 0);
    }

    static Policy parsePolicy(byte[] bytes, String source) throws BundleException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new BundleException(Problem.BAD_POLICY, source, "not valid UTF-8");
        }
        try {
            return PolicyParser.parse(text, source);
        } catch (PolicyException e) {
            throw new BundleException(Problem.BAD_POLICY, null, e.getMessage(), e);
        }
    }
}
