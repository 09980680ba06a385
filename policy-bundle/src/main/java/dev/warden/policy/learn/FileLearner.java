package dev.warden.policy.learn;

import dev.warden.policy.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Files: the modes seen per path, written with the app's path variables, the values drawn anew at each run in
 * what follows a variable made globs ({@link RunValues}: a variable's own value is the next run's to give), paths
 * collapsed into narrow globs ({@link PathCollapser}); a path only
 * probed ({@code stat}) gets a rule only when no suggested rule and no listing of its parent already allows the probe. Targets are canonical paths; the action is the mode.
 */
public final class FileLearner implements RuleLearner {

    private static final String STAT = "stat";

    private final Map<String, Set<String>> modesBySeenPath = new TreeMap<>();

    @Override
    public void observe(String action, String target, String detail) {
        modesBySeenPath.computeIfAbsent(target, path -> new TreeSet<>()).add(action.toLowerCase(Locale.ROOT));
    }

    @Override
    public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
        if (modesBySeenPath.isEmpty()) {
            return;
        }
        Map<String, Set<String>> modesByPath = new TreeMap<>();
        modesBySeenPath.forEach((seen, modes) ->
                modesByPath.computeIfAbsent(generalised(seen, pathVariables), path -> new TreeSet<>()).addAll(modes));
        Map<String, Set<String>> accessed = new TreeMap<>();
        Set<String> probedOnly = new TreeSet<>();
        modesByPath.forEach((path, modes) -> {
            if (modes.equals(Set.of(STAT))) {
                probedOnly.add(path);
            } else {
                Set<String> granted = new TreeSet<>(modes);
                granted.remove(STAT); // every other access on a path allows probing it
                accessed.put(path, granted);
            }
        });
        Set<String> generated = new TreeSet<>();
        accessed.forEach((path, modes) -> {
            if (modes.contains("create") || modes.contains("delete")) {
                generated.add(path);
            }
        });
        yaml.append(indent).append("files:\n");
        List<Glob> suggested = new ArrayList<>();
        Set<String> listedDirectories = new TreeSet<>();
        PathCollapser.collapse(accessed.keySet(), generated).forEach((pattern, paths) -> {
            Set<String> modes = new TreeSet<>();
            paths.forEach(path -> modes.addAll(accessed.get(path)));
            suggested.add(Glob.compile(pattern, '/'));
            if (modes.contains("list")) {
                listedDirectories.addAll(paths);
            }
            writeRule(yaml, indent, pattern, paths, modes);
        });
        // a probe is allowed by any rule for its path and by a listing of its parent: only the rest needs a stat rule
        Set<String> uncovered = new TreeSet<>();
        for (String path : probedOnly) {
            boolean covered = listedDirectories.contains(parentOf(path))
                    || suggested.stream().anyMatch(glob -> glob.matches(path));
            if (!covered) {
                uncovered.add(path);
            }
        }
        PathCollapser.collapse(uncovered, Set.of()).forEach((pattern, paths) ->
                writeRule(yaml, indent, pattern, paths, Set.of(STAT)));
    }

    private static void writeRule(StringBuilder yaml, String indent, String pattern, List<String> paths, Set<String> modes) {
        yaml.append(indent).append("  - path: ").append(RuleLearner.quote(pattern))
                .append("      # ").append(paths.size() == 1 ? "seen" : paths.size() + " paths seen, e.g. " + paths.get(0))
                .append('\n');
        yaml.append(indent).append("    allow: ").append(modes).append('\n');
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    /** {@code path} written with the longest path variable whose value it starts with, the rest generalised. */
    static String generalised(String path, Map<String, String> variables) {
        String best = null;
        for (Map.Entry<String, String> variable : variables.entrySet()) {
            String value = variable.getValue();
            if ((path.equals(value) || path.startsWith(value + "/")) && (best == null || value.length() > variables.get(best).length())) {
                best = variable.getKey();
            }
        }
        return best == null ? RunValues.generalise(path)
                : "${" + best + "}" + RunValues.generalise(path.substring(variables.get(best).length()));
    }
}
