package dev.warden.agent.config;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.bundle.BundleException;
import dev.warden.bundle.RollbackGuard;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySections;
import dev.warden.policy.decide.PolicyEngine;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Where the policy in force comes from: a signed bundle ({@code bundle=}, a file or an https:// URL
 * downloaded first, verified against the keys in {@code trust=}, never older than the revision
 * recorded in {@code state=}), or, for development, a plain policy file ({@code policy=}, refused
 * when {@code require-signed=true}).
 */
public final class PolicySource {

    /**
     * The policy to enforce, the lines that say so at startup, and the bundle with where its new
     * revisions come from (both null for a plain policy file).
     */
    public record Loaded(ActivePolicy policy, String startupLine, String warning, BundleSource bundle, BundleOrigin origin) {
    }

    private PolicySource() {
    }

    public static Loaded load(WardenConfig config, ModeOverride override) throws ConfigException {
        boolean failOpen = config.failOpen();
        String bundle = config.get(WardenConfig.BUNDLE);
        if (bundle != null && !bundle.isBlank()) {
            return fromBundle(config, override, bundle.trim(), failOpen);
        }
        return fromPolicyFile(config, override, failOpen);
    }

    private static Loaded fromBundle(WardenConfig config, ModeOverride override, String location, boolean failOpen)
            throws ConfigException {
        String trust = config.get(WardenConfig.TRUST);
        if (trust == null || trust.isBlank()) {
            throw new ConfigException("bundle=" + location + " needs trust=DIR, the directory of trusted public keys");
        }
        Path state = Path.of(config.get(WardenConfig.STATE,
                Path.of(System.getProperty("user.home"), ".warden", "state").toString())).toAbsolutePath();
        Path file;
        BundleOrigin origin;
        if (HttpsBundle.isUrl(location)) {
            URI url = httpsUrl(location);
            HttpsBundle download = new HttpsBundle(url, HttpsBundle.downloadFile(url, state));
            try {
                download.download();
            } catch (IOException unreachable) {
                throw new ConfigException(unreachable.getMessage());
            }
            file = download.file();
            origin = download;
        } else {
            file = Path.of(location).toAbsolutePath();
            location = file.toString();
            origin = new WatchedFile(file);
        }
        BundleSource source = new BundleSource(file, Path.of(trust), new RollbackGuard(state));
        try {
            BundleSource.Accepted accepted = source.accept();
            ActivePolicy active = override.applyAtStart(accepted.policy());
            Policy policy = accepted.bundle().policy();
            // concatenated, not String.format: the formatter's locale machinery costs the start milliseconds
            String line = verb(active) + " bundle \"" + accepted.bundle().name() + "\" revision " + accepted.bundle().revision()
                    + " signed by " + String.join(",", accepted.bundle().signerKeyIds()) + " (mode " + active.mode().label()
                    + ", " + location + ", " + rules(policy) + ", failure mode " + (failOpen ? "open" : "closed") + ")";
            return new Loaded(active, line, null, source, origin);
        } catch (BundleException refused) {
            throw new ConfigException(refused.getMessage());
        }
    }

    /** Bundles travel over TLS only: the signature proves who made one, TLS keeps what is enforced private. */
    private static URI httpsUrl(String location) throws ConfigException {
        URI url;
        try {
            url = new URI(location);
        } catch (URISyntaxException invalid) {
            throw new ConfigException("bundle=" + location + " is not a valid URL: " + invalid.getMessage());
        }
        if (!"https".equalsIgnoreCase(url.getScheme()) || url.getHost() == null) {
            throw new ConfigException("bundle=" + location + " is refused: a bundle URL must be https://HOST[:PORT]/PATH (TLS required)");
        }
        return url;
    }

    private static Loaded fromPolicyFile(WardenConfig config, ModeOverride override, boolean failOpen)
            throws ConfigException {
        String name = config.get(WardenConfig.POLICY);
        if (name == null || name.isBlank()) {
            throw new ConfigException("no policy: give bundle=FILE.wbundle with trust=DIR, or for development policy=FILE"
                    + " (agent argument, -Dwarden.* property or WARDEN_* variable)");
        }
        if (config.flag(WardenConfig.REQUIRE_SIGNED)) {
            throw new ConfigException("require-signed is set (" + config.origin(WardenConfig.REQUIRE_SIGNED)
                    + "), so the unsigned policy file " + name + " is refused");
        }
        Path file = Path.of(name).toAbsolutePath();
        Policy policy;
        try {
            policy = PolicyParser.parse(file);
        } catch (PolicyException invalid) {
            throw new ConfigException(invalid.getMessage());
        }
        ActivePolicy active = override.applyAtStart(
                new ActivePolicy(PolicyEngine.compile(policy, JvmPathVariables.current()), 0, "unsigned policy file " + file));
        String line = verb(active) + " policy \"" + policy.name() + "\" (mode " + active.mode().label() + ", unsigned policy file "
                + file + ", " + rules(policy) + ", failure mode " + (failOpen ? "open" : "closed") + ")";
        return new Loaded(active, line,
                "unsigned policy file accepted (development only; set warden.require-signed=true to refuse it)", null, null);
    }

    private static String verb(ActivePolicy policy) {
        return policy.enforcing() ? "enforcing" : "auditing";
    }

    private static String rules(Policy policy) {
        int count = policy.rules().get(PolicySections.EGRESS).size();
        return count + " egress rule" + (count == 1 ? "" : "s");
    }
}
