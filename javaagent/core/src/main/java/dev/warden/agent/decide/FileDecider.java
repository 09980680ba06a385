package dev.warden.agent.decide;

import dev.warden.agent.config.WardenSecrets;
import dev.warden.policy.FileAccess;
import dev.warden.policy.FileRule;
import dev.warden.policy.decide.Verdict;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * File decisions for the hooks: the policy engine's verdict on a canonical path, the JVM's own
 * reads ({@link JvmFileAllowances}) where the policy denies, and the policy's mode applied.
 */
public final class FileDecider {

    /** What is left under these after canonicalisation is no file: a pipe, a socket, a deleted file, another root. */
    private static final Pattern PROCESS_RELATIVE = Pattern.compile(
            "/proc/(self|thread-self|\\d+)(/task/\\d+)?/(fd|fdinfo|map_files|root|cwd|exe)(/.*)?");

    private final Supplier<ActivePolicy> active;
    private final JvmFileAllowances allowances;
    private final CredentialFiles credentialFiles;

    /** {@code active} is asked at every decision: a reload replaces the policy for files and egress alike. */
    public FileDecider(Supplier<ActivePolicy> active, JvmFileAllowances allowances) {
        this(active, allowances, WardenSecrets.NONE, CanonicalPaths.ofProcess());
    }

    /**
     * @param secrets what Warden reads that the app may not, whatever the policy allows
     * @param paths   canonicalises the credential files the policy names, as every decided path is
     */
    public FileDecider(Supplier<ActivePolicy> active, JvmFileAllowances allowances, WardenSecrets secrets,
            CanonicalPaths paths) {
        this.active = active;
        this.allowances = allowances;
        this.credentialFiles = new CredentialFiles(secrets, paths);
    }

    public JvmFileAllowances allowances() {
        return allowances;
    }

    /**
     * One kind of access.
     *
     * @param absolutePath the path as the app gave it, made absolute
     * @param canonicalPath the same, canonical: what the policy decides
     */
    public Decision decide(String absolutePath, String canonicalPath, FileAccess access) {
        ActivePolicy policy = active.get();
        AccessScope scope = AccessScope.current(policy);
        return decide(policy, scope, absolutePath, canonicalPath, access).in(AccessScope.labelOf(scope));
    }

    private Decision decide(ActivePolicy policy, AccessScope scope, String absolutePath, String canonicalPath,
            FileAccess access) {
        if (canonicalPath.startsWith("/proc/") && PROCESS_RELATIVE.matcher(canonicalPath).matches()) {
            return denied(policy, null, canonicalPath + " names another process's root, directory or a descriptor that is no file");
        }
        if (access != FileAccess.STAT) {
            CredentialFiles.Holder holder = credentialFiles.holderOf(policy, canonicalPath);
            if (holder != null) {
                return denied(policy, holder.rule(), canonicalPath + " holds " + holder.holds() + ", which only Warden reads");
            }
        }
        Verdict verdict = policy.engine().decideFile(canonicalPath, access, AccessScope.rulesOf(scope));
        if (verdict.allowed()) {
            return new Decision(Outcome.ALLOW, verdict.rule(), verdict.reason(), policy);
        }
        Optional<JvmFileAllowances.Allowance> jvm = allowances.forAccess(
                absolutePath.contains("/..") ? canonicalPath : absolutePath, canonicalPath, access);
        if (jvm.isPresent()) {
            return new Decision(Outcome.ALLOW, jvm.get().name(), jvm.get().why(), policy);
        }
        return denied(policy, verdict.rule(), verdict.reason());
    }

    /** Whether the policy in force has encryption zones at all (cheap: asked at every stream open). */
    public boolean hasEncryptionZones() {
        return active.get().engine().hasEncryptionZones();
    }

    /** The encryption zone {@code canonicalPath} lies in under the policy in force, or null. */
    public FileRule encryptionZone(String canonicalPath) {
        return active.get().engine().encryptionZone(canonicalPath);
    }

    /**
     * Bytes that no Warden stream encrypts (a channel or {@code RandomAccessFile} opened for writing, a
     * copy or move) put into a zone file: refused in every mode, since letting them through would leave
     * plaintext on disk. Null outside zones.
     */
    public Decision rawWriteIntoZone(String canonicalPath) {
        ActivePolicy policy = active.get();
        FileRule zone = policy.engine().encryptionZone(canonicalPath);
        if (zone == null) {
            return null;
        }
        return new Decision(Outcome.DENY, zone.id(), canonicalPath + " lies in encryption zone " + zone.id() + " ("
                + zone.path() + "): only stream writes (FileOutputStream, Files.newOutputStream and what uses them) are"
                + " encrypted; random-access writes, channels, copies and moves into a zone are refused", policy);
    }

    /**
     * A plaintext file in {@code zone}, whose {@code legacy_plaintext: read} lets the app read it as it is:
     * allowed by the zone's rule, the reason saying so (and how to migrate), in the scope it was read in.
     */
    public Decision legacyPlaintextRead(String canonicalPath, FileRule zone) {
        ActivePolicy policy = active.get();
        return new Decision(Outcome.ALLOW, zone.id(), "legacy plaintext read: " + canonicalPath + " lies in encryption zone "
                + zone.id() + " (" + zone.path() + ") but is not encrypted; the zone's legacy_plaintext: read lets it be"
                + " read as it is until it is encrypted (java -jar warden-agent.jar zone encrypt DIR --keys KEYS)", policy)
                .in(AccessScope.labelOf(AccessScope.current(policy)));
    }

    private static Decision denied(ActivePolicy policy, String rule, String reason) {
        return Decision.denied(rule, reason, policy, null);
    }
}
