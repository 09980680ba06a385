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
 * are usually generated) becomes {@code dir/STEM*}, where the stem is what the entries' names share
 * before their first digit or glob ({@code /tmp/tomcat.8080.*} and {@code /tmp/tomcat-docbase.8080.*}
 * give {@code /tmp/tomcat*}, {@code upload-123.tmp} gives {@code upload-*}, {@code a.csv b.csv c.csv}
 * give {@code *}; one created {@code work} stays {@code work}); everything else stays an exact path. It never widens to {@code **}: a suggestion
 * should be as narrow as what was seen.
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
            String stem = stem(entries);
            // one entry with nothing generated in its name (Tomcat's work/, localhost/) is its own pattern
            boolean generated = entries.size() > 1 || !entries.iterator().next().endsWith("/" + stem);
            if (collapse && generated && !directory.getKey().isEmpty()) {
                patterns.put(directory.getKey() + "/" + stem + "*", new ArrayList<>(entries));
            } else {
                entries.forEach(path -> patterns.put(path, List.of(path)));
            }
        }
        return patterns;
    }

    /** The start the entries' names share, up to their first digit or glob: what a generator keeps from one run to the next. */
    private static String stem(Set<String> entries) {
        String shared = null;
        for (String path : entries) {
            String name = path.substring(path.lastIndexOf('/') + 1);
            int same = 0;
            if (shared == null) {
                same = name.length();
            } else {
                while (same < shared.length() && same < name.length() && shared.charAt(same) == name.charAt(same)) {
                    same++;
                }
            }
            shared = name.substring(0, same);
        }
        for (int i = 0; i < shared.length(); i++) {
            char c = shared.charAt(i);
            if (Character.isDigit(c) || c == '*' || c == '?' || c == '[' || c == '{') {
                return shared.substring(0, i);
            }
        }
        return shared;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "" : path.substring(0, slash);
    }
}
