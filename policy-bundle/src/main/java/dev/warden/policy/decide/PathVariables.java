package dev.warden.policy.decide;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of the {@code ${...}} variables a path of the policy may use ({@link #NAMES}), given by
 * whoever compiles the policy: the engine never reads system properties itself. The agent passes
 * canonical paths, so rules match canonical requests.
 */
public final class PathVariables {

    /**
     * The variables a path may use: three of the JVM's system properties, and {@code app.home}, the
     * directory of the app's code (the directory of the class path's first jar, or that entry itself
     * when it is a directory), which makes a rule for what lies beside the app's jar hold wherever it is
     * deployed and whatever the working directory.
     */
    public static final List<String> NAMES = List.of("java.io.tmpdir", "user.home", "user.dir", "app.home");

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final PathVariables NONE = new PathVariables(Map.of());

    private final Map<String, String> values;

    private PathVariables(Map<String, String> values) {
        this.values = values;
    }

    /** Variables with these values; a trailing '/' of a value is dropped. */
    public static PathVariables of(Map<String, String> values) {
        Map<String, String> trimmed = new java.util.HashMap<>();
        values.forEach((name, value) -> trimmed.put(name,
                value.length() > 1 && value.endsWith("/") ? value.substring(0, value.length() - 1) : value));
        return new PathVariables(Map.copyOf(trimmed));
    }

    /** No values: a rule that uses a variable matches nothing. */
    public static PathVariables none() {
        return NONE;
    }

    /** The variables that have a value, by name. */
    public Map<String, String> values() {
        return values;
    }

    /** {@code path} with every variable replaced, or null when one has no value. */
    String expand(String path) {
        Matcher variable = VARIABLE.matcher(path);
        StringBuilder expanded = new StringBuilder();
        while (variable.find()) {
            String value = values.get(variable.group(1));
            if (value == null) {
                return null;
            }
            variable.appendReplacement(expanded, Matcher.quoteReplacement(value));
        }
        variable.appendTail(expanded);
        return expanded.toString();
    }
}
