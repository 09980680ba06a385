package dev.warden.agent.config;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What Warden reads that the app must not, whatever the policy allows: the environment variable the data keys come
 * from ({@code keys=env:NAME}), the data-keys file ({@code keys=FILE}) and the audit log's signing key. The app's
 * view of the environment leaves the variable out; the files are file denials (as written and canonical).
 */
public record WardenSecrets(Set<String> variables, Set<String> files) {

    public static final WardenSecrets NONE = new WardenSecrets(Set.of(), Set.of());

    public WardenSecrets {
        variables = Set.copyOf(variables);
        files = Set.copyOf(files);
    }

    public static WardenSecrets of(WardenConfig config) {
        Set<String> variables = new HashSet<>();
        Set<String> files = new HashSet<>();
        String keys = config.get(WardenConfig.KEYS);
        if (keys != null && !keys.isBlank()) {
            if (keys.startsWith(DataKeys.ENVIRONMENT_PREFIX)) {
                variables.add(keys.substring(DataKeys.ENVIRONMENT_PREFIX.length()));
            } else {
                addFile(files, Path.of(keys));
            }
        }
        Path auditKey = config.auditKeyFile();
        if (auditKey != null) {
            addFile(files, auditKey);
        }
        return new WardenSecrets(variables, files);
    }

    /** Whether Warden holds any secret the app must not read (its memory included). */
    public boolean any() {
        return !variables.isEmpty() || !files.isEmpty();
    }

    private static void addFile(Set<String> files, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        files.add(absolute.toString());
        try {
            files.add(absolute.toRealPath().toString());
        } catch (java.io.IOException | SecurityException absent) {
            // refused as written; its canonical form is only known while it exists
        }
    }
}
