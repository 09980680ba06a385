package dev.warden.policy.learn;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Databases: per JDBC URL (its per-run values globs, {@link RunValues}), the SQL operations and the tables seen. The action is the operation
 * (or {@code connect}); the detail, the statement's tables.
 */
public final class DatabaseLearner implements RuleLearner {

    /** Operations a rule can allow (not {@code connect}, not SQL that could not be read). */
    private static final Set<String> STATEMENT_OPERATIONS = Set.of("select", "insert", "update", "delete", "ddl", "call");

    private final Map<String, Set<String>> operations = new TreeMap<>();
    private final Map<String, Set<String>> tables = new TreeMap<>();
    private final Map<String, Long> unparsable = new TreeMap<>();

    @Override
    public void observe(String action, String rawTarget, String detail) {
        String target = RunValues.generalise(rawTarget); // H2's random in-memory names
        Set<String> seen = operations.computeIfAbsent(target, url -> new TreeSet<>());
        Set<String> tablesSeen = tables.computeIfAbsent(target, url -> new TreeSet<>());
        if (STATEMENT_OPERATIONS.contains(action)) {
            seen.add(action);
        } else if (action.equals("unparsable")) {
            unparsable.merge(target, 1L, Long::sum);
        }
        if (detail != null && !detail.isBlank()) {
            for (String table : detail.split(",")) {
                tablesSeen.add(table.trim());
            }
        }
    }

    @Override
    public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
        if (operations.isEmpty()) {
            return;
        }
        // a rule must allow some operation: a URL seen only connecting (or through SET, COMMIT) is said, not dropped
        operations.forEach((url, allowed) -> {
            if (allowed.isEmpty()) {
                yaml.append(indent).append("# - url: ").append(RuleLearner.quote(url))
                        .append("      # only connections and session statements seen: a databases rule must allow an operation,"
                                + " so this one is left to you (denied in enforce mode)\n");
            }
        });
        if (operations.values().stream().allMatch(Set::isEmpty)) {
            return;
        }
        yaml.append(indent).append("databases:\n");
        operations.forEach((url, allowed) -> {
            if (allowed.isEmpty()) {
                return;
            }
            yaml.append(indent).append("  - url: ").append(RuleLearner.quote(url)).append('\n');
            yaml.append(indent).append("    allow: ").append(allowed).append('\n');
            if (!tables.get(url).isEmpty()) {
                yaml.append(indent).append("    tables: ").append(RuleLearner.quotedList(tables.get(url))).append('\n');
            }
            Long unread = unparsable.get(url);
            if (unread != null) { // no rule can allow SQL Warden cannot read: say so rather than drop it
                yaml.append(indent).append("    # ").append(unread).append(unread == 1 ? " statement" : " statements")
                        .append(" seen here could not be parsed, so no rule can allow ").append(unread == 1 ? "it" : "them")
                        .append(" (denied in enforce mode)\n");
            }
        });
    }
}
