package dev.warden.agent.config;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.bundle.BundleException;
import dev.warden.bundle.BundleVerifier;
import dev.warden.bundle.RollbackGuard;
import dev.warden.bundle.TrustStore;
import dev.warden.bundle.VerifiedBundle;
import dev.warden.policy.decide.PolicyEngine;
import java.nio.file.Path;
import java.time.Instant;

/**
 * One signed bundle file (the operator's, or Warden's download of an https:// bundle), as the
 * agent takes it at startup and on every reload: verified completely against the trust directory
 * (read anew each time, so a key revoked since is refused), never older than the revision last
 * accepted, then recorded as accepted.
 */
public final class BundleSource {

    /** A bundle that passed every check, compiled. */
    public record Accepted(VerifiedBundle bundle, ActivePolicy policy) {
    }

    private final Path file;
    private final Path trustDirectory;
    private final RollbackGuard rollback;

    BundleSource(Path file, Path trustDirectory, RollbackGuard rollback) {
        this.file = file;
        this.trustDirectory = trustDirectory;
        this.rollback = rollback;
    }

    public Accepted accept() throws BundleException {
        VerifiedBundle verified = BundleVerifier.verify(file, TrustStore.load(trustDirectory), Instant.now());
        rollback.check(verified);
        ActivePolicy active = new ActivePolicy(PolicyEngine.compile(verified.policy(), JvmPathVariables.current()), verified.revision(),
                "bundle " + file + " revision " + verified.revision() + " signed by " + String.join(",", verified.signerKeyIds()));
        rollback.accept(verified);
        return new Accepted(verified, active);
    }
}
