package dev.warden.agent.decide;

import dev.warden.agent.config.WardenSecrets;
import dev.warden.policy.Credential;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The files the app may not open because they hold what only Warden reads, whatever the policy allows: each
 * {@code value: file:PATH} credential's file (canonical, as the decider sees every path),
 * Warden's own secrets ({@link WardenSecrets}: the data-keys file, the audit signing key), the process's environment
 * block ({@code /proc/self/environ}, and each thread's) while a credential or the data keys are read from the
 * environment, and the process's memory ({@code /proc/self/mem}, and each thread's) while Warden holds any of them.
 * Worked out once per policy.
 */
final class CredentialFiles {

    private static final String ENVIRON = "/proc/self/environ";
    private static final String MEMORY = "/proc/self/mem";
    /** A thread's view of the same: {@code /proc/thread-self} and {@code /proc/PID/task/TID} canonicalise to these. */
    private static final Pattern PER_THREAD = Pattern.compile("/proc/self/task/\\d+/(environ|mem)");
    private static final String WARDEN_SECRET = "warden-secrets";

    /** Why the app may not open a file: the rule the denial names and what the file holds. */
    record Holder(String rule, String holds) {
    }

    private final WardenSecrets secrets;
    private final CanonicalPaths paths;
    private volatile Known known;

    CredentialFiles(WardenSecrets secrets, CanonicalPaths paths) {
        this.secrets = secrets;
        this.paths = paths;
    }

    private record Known(ActivePolicy policy, Map<String, Holder> byPath) {
    }

    /** What {@code canonicalPath} holds that only Warden reads under {@code policy}, or null. */
    Holder holderOf(ActivePolicy policy, String canonicalPath) {
        Known current = known;
        if (current == null || current.policy != policy) {
            current = new Known(policy, paths(policy));
            known = current;
        }
        if (current.byPath.isEmpty()) {
            return null;
        }
        Holder holder = current.byPath.get(canonicalPath);
        if (holder == null && canonicalPath.startsWith("/proc/self/task/") && PER_THREAD.matcher(canonicalPath).matches()) {
            holder = current.byPath.get(canonicalPath.endsWith("/mem") ? MEMORY : ENVIRON);
        }
        return holder;
    }

    private Map<String, Holder> paths(ActivePolicy policy) {
        Map<String, Holder> byPath = new HashMap<>();
        for (Credential credential : policy.engine().policy().credentials()) {
            Holder holder = new Holder("credentials[" + credential.name() + "]", "the value of credential " + credential.name());
            byPath.putIfAbsent(MEMORY, holder);
            switch (credential.source().scheme()) {
                case FILE -> byPath.put(canonical(credential.source().reference()), holder);
                case ENV -> byPath.putIfAbsent(ENVIRON, holder);
                default -> {
                }
            }
        }
        if (secrets.any()) {
            // a credential names the denial where it holds the same file
            Holder wardens = new Holder(WARDEN_SECRET, "Warden's own keys");
            for (String file : secrets.files()) {
                byPath.putIfAbsent(file, wardens);
            }
            if (!secrets.variables().isEmpty()) {
                byPath.putIfAbsent(ENVIRON, new Holder(WARDEN_SECRET, "the variable Warden's data keys come from"));
            }
            byPath.putIfAbsent(MEMORY, wardens);
        }
        return Map.copyOf(byPath);
    }

    /** As the file decider sees it (a secret mounted as a symlink is refused by its target). */
    private String canonical(String file) {
        try {
            return paths.canonical(file);
        } catch (IOException loop) {
            return paths.absolute(file);
        }
    }
}
