package dev.warden.policy.learn;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Files: the modes seen per path, the values drawn anew at each run made globs ({@link RunValues}), paths
 * collapsed into narrow globs ({@link PathCollapser}) and written with the app's path variables. Targets are canonical paths; the action is the mode.
 */
public final class FileLearner implements RuleLearner {

    private final Map<String, Set<String>> modesByPath = new TreeMap<>();

    @Override
    public void observe(String action, String target, String detail) {
        modesByPath.computeIfAbsent(RunValues.generalise(target), path -> new TreeSet<>()).add(action.toLowerCase(Locale.ROOT));
    }

    @Override
    public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
        if (modesByPath.isEmpty()) {
            return;
        }
        Set<String> generated = new TreeSet<>();
        modesByPath.forEach((path, modes) -> {
            if (modes.contains("create") || modes.contains("delete")) {
                generated.add(path);
            }
        });
        yaml.append(indent).append("files:\n");
        PathCollapser.collapse(modesByPath.keySet(), generated).forEach((pattern, paths) -> {
            Set<String> modes = new TreeSet<>();
            paths.forEach(path -> modes.addAll(modesByPath.get(path)));
            yaml.append(indent).append("  - path: ").append(RuleLearner.quote(withVariables(pattern, pathVariables)))
                    .append("      # ").append(paths.size() == 1 ? "seen" : paths.size() + " paths seen, e.g. " + paths.get(0))
                    .append('\n');
            yaml.append(indent).append("    allow: ").append(modes).append('\n');
        });
    }

    /** {@code path} written with the longest path variable whose value it starts with. */
    static String withVariables(String path, Map<String, String> variables) {
        String best = null;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String value = variable.getValue();
            if ((path.equals(value) || path.startsWith(value + "/")) && (best == null || value.length() > variables.get(best).length())) {
                best = variable.getKey();
            }
        }
        return best == null ? path : "${" + best + "}" + path.substring(variables.get(best).length());
    }
}
