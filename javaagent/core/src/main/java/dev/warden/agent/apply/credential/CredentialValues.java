package dev.warden.agent.apply.credential;

import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.DataKeys;
import dev.warden.policy.Credential;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The real values of a policy's credentials, read by Warden itself: environment variables from the environment as
 * the JVM started (before the app's view of it hides them), files, and {@code credential NAME VALUE} lines of the
 * data-keys file. A source that is missing is kept as the reason, never as an empty value.
 */
public final class CredentialValues {

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> missing = new LinkedHashMap<>();

    private CredentialValues() {
    }

    /** {@code environment}: the JVM's environment as it started; {@code keys}: the data-keys file, when configured. */
    public static CredentialValues read(List<Credential> credentials, Function<String, String> environment,
            Optional<DataKeys> keys) {
        CredentialValues read = new CredentialValues();
        for (Credential credential : credentials) {
            String reference = credential.source().reference();
            try {
                String value = switch (credential.source().scheme()) {
                    case ENV -> orMissing(environment.apply(reference), "environment variable " + reference + " is not set");
                    case FILE -> orMissing(readFile(reference), "file " + reference + " is empty");
                    case KEYS -> orMissing(keys.flatMap(k -> k.credential(reference)).orElse(null), keys.isEmpty()
                            ? "no data-keys file is configured (keys=FILE)"
                            : keys.get().origin() + " has no 'credential " + reference + " VALUE' line");
                };
                read.values.put(credential.name(), value);
            } catch (ConfigException missingSource) {
                read.missing.put(credential.name(), missingSource.getMessage());
            }
        }
        return read;
    }

    private static String orMissing(String value, String why) throws ConfigException {
        if (value == null || value.isEmpty()) {
            throw new ConfigException(why);
        }
        return value;
    }

    /** A secret file holds the value, without the line end editors and {@code echo} add. */
    private static String readFile(String path) throws ConfigException {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).strip();
        } catch (NoSuchFileException absent) {
            throw new ConfigException("file " + path + " does not exist");
        } catch (IOException | RuntimeException unreadable) {
            throw new ConfigException("file " + path + " cannot be read: " + unreadable.getMessage());
        }
    }

    /** Refuses the start (enforce mode) when a credential's source is missing, naming the credential. */
    public void refuseMissing() throws ConfigException {
        if (!missing.isEmpty()) {
            Map.Entry<String, String> first = missing.entrySet().iterator().next();
            throw new ConfigException("credential '" + first.getKey() + "' has no value: " + first.getValue());
        }
    }

    /** The credentials without a value, with the reason, for the warning line in audit and learn mode. */
    public Map<String, String> missing() {
        return missing;
    }

    /** The real value, or null when its source was missing. */
    String value(String name) {
        return values.get(name);
    }

    /** Why a credential has no value, or null. */
    String whyMissing(String name) {
        return missing.get(name);
    }
}
