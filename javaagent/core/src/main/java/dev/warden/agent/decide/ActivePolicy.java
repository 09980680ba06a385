package dev.warden.agent.decide;

import dev.warden.policy.Mode;
import dev.warden.policy.decide.PolicyEngine;

/**
 * The policy in force: its compiled engine, the mode it runs in (the policy's own, or a permitted
 * local override) and where it came from. Replaced as a whole on reload, so a decision in flight
 * uses one policy from start to end.
 *
 * @param revision the bundle's revision, 0 for an unsigned policy file
 * @param origin   for the startup line and logs, e.g. {@code unsigned policy file /etc/p.yaml}
 */
public record ActivePolicy(PolicyEngine engine, long revision, String origin, Mode mode) {

    /** In the policy's own mode. */
    public ActivePolicy(PolicyEngine engine, long revision, String origin) {
        this(engine, revision, origin, engine.policy().mode());
    }

    public ActivePolicy withMode(Mode overridden) {
        return new ActivePolicy(engine, revision, origin, overridden);
    }

    public String name() {
        return engine.policy().name();
    }

    public boolean enforcing() {
        return mode == Mode.ENFORCE;
    }
}
