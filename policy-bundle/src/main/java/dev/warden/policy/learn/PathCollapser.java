package dev.warden.policy.learn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Turns the paths an app used (file paths, URL paths) into a few globs: a directory whose
 * entries vary (at least {@link #MANY} of them, or any that were created or deleted, whose names
 * are usually generated) becomes {@code dir/*}; everything else stays an exact path. It never
 * widens to {@code **}: a suggestion should be as narrow as what was seen.
 */
final class PathCollapser {

    /** This many distinct entries in one directory make it a {@code dir/*} pattern. */
    static final int MANY = 3;

    private PathCollapser() {
    }

    /**
     * @param paths      every path seen
     * @param volatileIn paths whose directory should be a pattern regardless of how many entries were seen
     * @return pattern → the paths it stands for, sorted
     */
    static Map<String, List<String>> collapse(Set<String> paths, Set<String> volatileIn) {
        Map<String, Set<String>> byParent = new TreeMap<>();
        for (String path : paths) {
            byParent.computeIfAbsent(parent(path), p -> new TreeSet<>()).add(path);
        }
        Map<String, List<String>> patterns = new TreeMap<>();
        for (Map.Entry<String, Set<String>> directory : byParent.entrySet()) {
            Set<String> entries = directory.getValue();
            boolean collapse = entries.size() >= MANY || entries.stream().anyMatch(volatileIn::contains);
            if (collapse && !directory.getKey().isEmpty()) {
                patterns.put(directory.getKey() + "/*", new ArrayList<>(entries));
            } else {
                entries.forEach(path -> patterns.put(path, List.of(path)));
            }
        }
        return patterns;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "" : path.substring(0, slash);
    }
}
