package dev.warden.policy.decide;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The values of the {@code ${...}} variables a {@code files} path may use ({@code java.io.tmpdir},
 * {@code user.home}, {@code user.dir}), given by whoever compiles the policy: the engine never reads
 * system properties itself. The agent passes canonical paths, so rules match canonical requests.
 */
public final class PathVariables {

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
