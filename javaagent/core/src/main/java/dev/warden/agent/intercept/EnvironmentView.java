package dev.warden.agent.intercept;

import dev.warden.agent.config.WardenSecrets;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.bootstrap.EnvironmentHooks;
import dev.warden.policy.Credential;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The app's view of the process environment: the variables the policy in force reads credentials from
 * ({@code value: env:NAME}), and the one Warden's data keys come from ({@code keys=env:NAME}), are left out of
 * {@code System.getenv}, of {@code System.getenv()} and of every child process's environment. Warden reads them itself from the environment as the JVM started.
 */
public final class EnvironmentView implements EnvironmentHooks {

    private final Supplier<ActivePolicy> policy;
    private final Set<String> wardenVariables;
    private volatile Hidden hidden;

    /** @param secrets what Warden reads that the app may not: its variables are hidden whatever the policy */
    public EnvironmentView(Supplier<ActivePolicy> policy, WardenSecrets secrets) {
        this.policy = policy;
        this.wardenVariables = secrets.variables();
    }

    /** The hidden names of one policy, and the app's {@code getenv()} map made without them (once). */
    private static final class Hidden {
        final ActivePolicy policy;
        final Set<String> names;
        volatile Map<String, String> appView;

        Hidden(ActivePolicy policy, Set<String> wardenVariables) {
            this.policy = policy;
            Set<String> hidden = new HashSet<>(wardenVariables);
            for (Credential credential : policy.engine().policy().credentials()) {
                if (credential.source().scheme() == Credential.Scheme.ENV) {
                    hidden.add(credential.source().reference());
                }
            }
            this.names = Set.copyOf(hidden);
        }
    }

    private Hidden hidden() {
        ActivePolicy active = policy.get();
        Hidden known = hidden;
        if (known == null || known.policy != active) {
            known = new Hidden(active, wardenVariables);
            hidden = known;
        }
        return known;
    }

    @Override
    public boolean hides(String name) {
        return hidden().names.contains(name);
    }

    @Override
    public boolean hidesAny() {
        return !hidden().names.isEmpty();
    }

    @Override
    public Map<String, String> appEnvironment() {
        Hidden current = hidden();
        if (current.names.isEmpty()) {
            return null;
        }
        Map<String, String> view = current.appView;
        if (view == null) {
            Map<String, String> copy = new HashMap<>(System.getenv()); // Warden's own read: the whole environment
            copy.keySet().removeAll(current.names);
            view = Collections.unmodifiableMap(copy);
            current.appView = view;
        }
        return view;
    }

    @Override
    public Map<String, String> childEnvironment() {
        Hidden current = hidden();
        if (current.names.isEmpty()) {
            return null;
        }
        // ProcessEnvironment's own mutable copy (the type a child's environment block is made from), unhooked here
        Map<String, String> copy = new ProcessBuilder().environment();
        copy.keySet().removeAll(current.names);
        return copy;
    }
}
