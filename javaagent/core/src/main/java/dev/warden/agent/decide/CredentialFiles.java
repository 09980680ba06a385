package dev.warden.agent.decide;

import dev.warden.policy.Credential;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The files the app may not open because they hold what only Warden reads: each {@code value: file:PATH} credential's
 * file (canonical: a secret mounted as a symlink is refused by its target too), and {@code /proc/self/environ} while
 * a credential is read from the environment. Worked out once per policy.
 */
final class CredentialFiles {

    private static final String ENVIRON = "/proc/self/environ";

    private volatile Known known;

    private record Known(ActivePolicy policy, Map<String, String> credentialByPath) {
    }

    /** The credential whose value {@code canonicalPath} holds under {@code policy}, or null. */
    String credentialIn(ActivePolicy policy, String canonicalPath) {
        Known current = known;
        if (current == null || current.policy != policy) {
            current = new Known(policy, paths(policy));
            known = current;
        }
        return current.credentialByPath.isEmpty() ? null : current.credentialByPath.get(canonicalPath);
    }

    private static Map<String, String> paths(ActivePolicy policy) {
        Map<String, String> byPath = new HashMap<>();
        for (Credential credential : policy.engine().policy().credentials()) {
            switch (credential.source().scheme()) {
                case FILE -> {
                    Path file = Path.of(credential.source().reference()).toAbsolutePath().normalize();
                    byPath.put(file.toString(), credential.name());
                    try {
                        byPath.put(file.toRealPath().toString(), credential.name());
                    } catch (IOException | SecurityException absent) {
                        // the file as written is refused; its canonical form is only known while it exists
                    }
                }
                case ENV -> byPath.putIfAbsent(ENVIRON, credential.name());
                default -> {
                }
            }
        }
        return Map.copyOf(byPath);
    }
}
