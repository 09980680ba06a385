package dev.warden.agent.config;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * Warden's settings. Each key can come from three places; the first that has it wins:
 * <ol>
 *   <li>the agent arguments, {@code -javaagent:warden-agent.jar=policy=FILE,failure=closed};</li>
 *   <li>a system property {@code -Dwarden.policy=FILE};</li>
 *   <li>an environment variable {@code WARDEN_POLICY=FILE} (upper case, {@code -} becomes {@code _}).</li>
 * </ol>
 * Unknown keys are errors: a typo must not silently weaken enforcement.
 */
public final class WardenConfig {

    public static final String POLICY = "policy";
    public static final String BUNDLE = "bundle";
    public static final String REQUIRE_SIGNED = "require-signed";
    public static final String FAILURE = "failure";
    public static final String DEBUG = "debug";
    public static final String TRUST = "trust";
    public static final String STATE = "state";
    /** Seconds between looks at the bundle file for a new revision; 0 turns hot reload off. */
    public static final String RELOAD = "reload";
    /** A local mode override; weakening needs the policy's permission (see ModeOverride). */
    public static final String MODE = "mode";
    /** The audit log file; absent = no audit log. */
    public static final String AUDIT = "audit";
    /** The Ed25519 private key (PEM) that signs audit checkpoints; default: AUDIT.key, generated on first use. */
    public static final String AUDIT_KEY = "audit-key";
    /** When decisions come faster than the disk takes them: block (briefly) or drop (counted). */
    public static final String AUDIT_OVERLOAD = "audit-overload";
    /** Seconds to learn which targets the app reaches before a first access raises an alert; 0 (default) = no alerts. */
    public static final String LEARN_WINDOW = "learn-window";

    /** The data keys for tokenize and encryption zones: a key file, or env:NAME (see DataKeys); never in the bundle. */
    public static final String KEYS = "keys";

    /** More LLM chat endpoints for GenAI spans, {@code PATH=openai|anthropic|ollama;...}, beside the built-in ones. */
    public static final String LLM_PATHS = "llm-paths";

    /** No built-in file allowances for the JVM's own reads: the policy alone decides every file. */
    public static final String STRICT = "strict";

    private static final Set<String> KNOWN = Set.of(POLICY, BUNDLE, REQUIRE_SIGNED, FAILURE, DEBUG, TRUST, STATE, RELOAD, MODE,
            AUDIT, AUDIT_KEY, AUDIT_OVERLOAD, LEARN_WINDOW, STRICT, KEYS, LLM_PATHS);

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private WardenConfig(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
    }

    public static WardenConfig load(String agentArgs, Properties systemProperties, Map<String, String> environment)
            throws ConfigException {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (String key : KNOWN) {
            String env = environment.get("WARDEN_" + key.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (env != null) {
                values.put(key, env);
                origins.put(key, "environment");
            }
            String property = systemProperties.getProperty("warden." + key);
            if (property != null) {
                values.put(key, property);
                origins.put(key, "system property");
            }
        }
        for (Map.Entry<String, String> argument : parseAgentArgs(agentArgs).entrySet()) {
            values.put(argument.getKey(), argument.getValue());
            origins.put(argument.getKey(), "agent argument");
        }
        WardenConfig config = new WardenConfig(Collections.unmodifiableMap(values), origins);
        config.validate();
        return config;
    }

    private static Map<String, String> parseAgentArgs(String agentArgs) throws ConfigException {
        Map<String, String> parsed = new LinkedHashMap<>();
        if (agentArgs == null || agentArgs.isBlank()) {
            return parsed;
        }
        for (String option : agentArgs.split(",")) {
            int eq = option.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("agent argument '" + option + "' is not key=value");
            }
            String key = option.substring(0, eq).trim();
            if (!KNOWN.contains(key)) {
                throw new ConfigException("unknown agent argument '" + key + "' (known: " + String.join(", ", sorted()) + ")");
            }
            parsed.put(key, option.substring(eq + 1).trim());
        }
        return parsed;
    }

    private void validate() throws ConfigException {
        String failure = get(FAILURE, "closed");
        if (!failure.equals("closed") && !failure.equals("open")) {
            throw new ConfigException(FAILURE + " must be closed or open, not '" + failure + "' (" + origins.get(FAILURE) + ")");
        }
        flag(REQUIRE_SIGNED);
        flag(DEBUG);
        String overload = get(AUDIT_OVERLOAD, "block");
        if (!overload.equals("block") && !overload.equals("drop")) {
            throw new ConfigException(AUDIT_OVERLOAD + " must be block or drop, not '" + overload + "' (" + origins.get(AUDIT_OVERLOAD) + ")");
        }
        flag(STRICT);
        reloadInterval();
        learnWindow();
    }

    public java.time.Duration reloadInterval() throws ConfigException {
        return seconds(RELOAD, "5");
    }

    public java.time.Duration learnWindow() throws ConfigException {
        return seconds(LEARN_WINDOW, "0");
    }

    private java.time.Duration seconds(String key, String fallback) throws ConfigException {
        String value = get(key, fallback);
        try {
            long seconds = Long.parseLong(value.trim());
            if (seconds >= 0) {
                return java.time.Duration.ofSeconds(seconds);
            }
        } catch (NumberFormatException notANumber) {
            // reported below
        }
        throw new ConfigException(key + " must be a whole number of seconds (0 = off), not '" + value + "' (" + origins.get(key) + ")");
    }

    private static String[] sorted() {
        return KNOWN.stream().sorted().toArray(String[]::new);
    }

    /** The data keys {@code keys=} names, loaded and checked; empty when the setting is absent. */
    public java.util.Optional<DataKeys> dataKeys(java.util.function.Function<String, String> environment) throws ConfigException {
        String setting = get(KEYS);
        return setting == null || setting.isBlank() ? java.util.Optional.empty()
                : java.util.Optional.of(DataKeys.load(setting, environment));
    }

    public String get(String key) {
        return values.get(key);
    }

    /** The audit log's checkpoint signing key: {@code audit-key=}, or {@code AUDIT.key} beside the log; null without a log. */
    public Path auditKeyFile() {
        String log = get(AUDIT);
        if (log == null) {
            return null;
        }
        String configured = get(AUDIT_KEY);
        Path logFile = Path.of(log).toAbsolutePath();
        return configured != null ? Path.of(configured) : logFile.resolveSibling(logFile.getFileName() + ".key");
    }

    public String get(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    /** Where a key's value came from, for messages: "agent argument", "system property", "environment". */
    public String origin(String key) {
        return origins.get(key);
    }

    public boolean flag(String key) throws ConfigException {
        String value = values.get(key);
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.isEmpty() || value.equalsIgnoreCase("true")) {
            return true;
        }
        throw new ConfigException(key + " must be true or false, not '" + value + "' (" + origins.get(key) + ")");
    }

    public boolean failOpen() {
        return "open".equals(get(FAILURE, "closed"));
    }
}
