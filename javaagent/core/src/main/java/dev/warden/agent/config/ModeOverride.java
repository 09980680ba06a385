package dev.warden.agent.config;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.record.WardenLog;
import dev.warden.policy.Mode;
import java.util.Locale;

/**
 * {@code mode=} on one host. The policy decides its mode; a host may tighten it (to enforce) at
 * will, but weaken it (to audit or learn) only where the policy's {@code mode_override} lists that
 * mode, and then says so loudly. A signed bundle thus stays in charge of how much a host may relax.
 */
public final class ModeOverride {

    private final Mode requested;
    private final String origin;

    private ModeOverride(Mode requested, String origin) {
        this.requested = requested;
        this.origin = origin;
    }

    public static ModeOverride from(WardenConfig config) throws ConfigException {
        String value = config.get(WardenConfig.MODE);
        if (value == null || value.isBlank()) {
            return new ModeOverride(null, null);
        }
        for (Mode mode : Mode.values()) {
            if (mode.label().equals(value.trim().toLowerCase(Locale.ROOT))) {
                return new ModeOverride(mode, config.origin(WardenConfig.MODE));
            }
        }
        throw new ConfigException("mode must be enforce, audit or learn, not '" + value + "' (" + config.origin(WardenConfig.MODE) + ")");
    }

    /** At startup: an override the policy does not permit stops the JVM. */
    public ActivePolicy applyAtStart(ActivePolicy policy) throws ConfigException {
        if (isRefused(policy)) {
            throw new ConfigException(refusal(policy));
        }
        return apply(policy);
    }

    /** On reload: an override the new policy no longer permits is dropped, and the policy's own mode enforced. */
    public ActivePolicy applyOnReload(ActivePolicy policy) {
        if (isRefused(policy)) {
            WardenLog.warn(refusal(policy) + "; running it in its own mode " + policy.mode().label());
            return policy;
        }
        return apply(policy);
    }

    private boolean isRefused(ActivePolicy policy) {
        return requested != null && requested != Mode.ENFORCE && requested != policy.mode()
                && !policy.engine().policy().modeOverrides().contains(requested);
    }

    private ActivePolicy apply(ActivePolicy policy) {
        if (requested == null || requested == policy.mode()) {
            return policy;
        }
        if (requested == Mode.ENFORCE) {
            WardenLog.info("local override: mode enforce instead of the policy's " + policy.mode().label() + " (" + origin + ")");
        } else {
            WardenLog.warn("LOCAL OVERRIDE: mode " + requested.label() + " instead of the policy's " + policy.mode().label()
                    + " (mode=" + requested.label() + ", " + origin + ", permitted by its mode_override):"
                    + " would-be denials are recorded, NOTHING IS BLOCKED");
        }
        return policy.withMode(requested);
    }

    private String refusal(ActivePolicy policy) {
        return "mode=" + requested.label() + " (" + origin + ") is refused: policy \"" + policy.name()
                + "\" does not permit a local override to " + requested.label() + " (its mode_override does not list it)";
    }
}
