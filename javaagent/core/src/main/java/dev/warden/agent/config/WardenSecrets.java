package dev.warden.agent.config;

import dev.warden.agent.decide.CanonicalPaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;

/**
 * What Warden reads that the app must not, whatever the policy allows: the environment variable the data keys come
 * from ({@code keys=env:NAME}), the data-keys file ({@code keys=FILE}) and the audit log's signing key. The app's
 * view of the environment leaves the variable out; the files are file denials (by their canonical path).
 */
public record WardenSecrets(Set<String> variables, Set<String> files) {

    public static final WardenSecrets NONE = new WardenSecrets(Set.of(), Set.of());

    public WardenSecrets {
        variables = Set.copyOf(variables);
        files = Set.copyOf(files);
    }

    /** @param paths canonicalises the files as the file decider sees them */
    public static WardenSecrets of(WardenConfig config, CanonicalPaths paths) {
        Set<String> variables = new HashSet<>();
        Set<String> files = new HashSet<>();
        String keys = config.get(WardenConfig.KEYS);
        if (keys != null && !keys.isBlank()) {
            if (keys.startsWith(DataKeys.ENVIRONMENT_PREFIX)) {
                variables.add(keys.substring(DataKeys.ENVIRONMENT_PREFIX.length()));
            } else {
                files.add(canonical(paths, keys));
            }
        }
        Path auditKey = config.auditKeyFile();
        if (auditKey != null) {
            files.add(canonical(paths, auditKey.toString()));
        }
        return new WardenSecrets(variables, files);
    }

    /** Whether Warden holds any secret the app must not read (its memory included). */
    public boolean any() {
        return !variables.isEmpty() || !files.isEmpty();
    }

    private static String canonical(CanonicalPaths paths, String file) {
        try {
            return paths.canonical(file);
        } catch (IOException loop) {
            return paths.absolute(file); // its links loop: nobody opens it by another name either
        }
    }
}
