package dev.warden.agent.intercept;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.bootstrap.EnvironmentHooks;
import dev.warden.policy.Credential;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The app's view of the process environment: the variables the policy in force reads credentials from
 * ({@code value: env:NAME}) are left out of {@code System.getenv}, of {@code System.getenv()} and of every child
 * process's environment. Warden reads them itself from the environment as the JVM started.
 */
public final class EnvironmentView implements EnvironmentHooks {

    private final Supplier<ActivePolicy> policy;
    private volatile Hidden hidden;

    public EnvironmentView(Supplier<ActivePolicy> policy) {
        this.policy = policy;
    }

    /** The hidden names of one policy, and the app's {@code getenv()} map made without them (once). */
    private static final class Hidden {
        final ActivePolicy policy;
        final Set<String> names;
        volatile Map<String, String> appView;

        Hidden(ActivePolicy policy) {
            this.policy = policy;
            this.names = policy.engine().policy().credentials().stream()
                    .filter(credential -> credential.source().scheme() == Credential.Scheme.ENV)
                    .map(credential -> credential.source().reference())
                    .collect(Collectors.toUnmodifiableSet());
        }
    }

    private Hidden hidden() {
        ActivePolicy active = policy.get();
        Hidden known = hidden;
        if (known == null || known.policy != active) {
            known = new Hidden(active);
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
