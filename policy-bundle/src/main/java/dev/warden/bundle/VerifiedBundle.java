package dev.warden.bundle;

import dev.warden.policy.Policy;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A bundle that passed {@link BundleVerifier#verify}: its archive is well-formed, every file matches
 * the manifest, enough trusted keys signed the manifest, it has not expired, and its policy parses.
 * Anti-rollback is a separate step ({@link RollbackGuard}).
 *
 * @param file the bundle file verified
 * @param expires {@code null} when the bundle never expires
 * @param policyFile the entry policy file's name inside the bundle
 * @param signerKeyIds key ids of the trusted keys whose signatures verified, sorted
 * @param manifestDigest lower-case hex SHA-256 of the exact manifest bytes
 * @param files file name to {@code sha256:<hex>}, as listed in the manifest
 * @param policy the parsed entry policy
 */
public record VerifiedBundle(Path file, String name, long revision, Instant created, Instant expires, String policyFile,
        List<String> signerKeyIds, String manifestDigest, Map<String, String> files, Policy policy) {

    public VerifiedBundle {
        signerKeyIds = List.copyOf(signerKeyIds);
        files = Map.copyOf(files);
    }
}
