package dev.warden.policy;

import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * One {@code databases:} entry.
 *
 * @param id {@code databases[N]}
 * @param line the line the rule starts on
 * @param url the glob over the normalised JDBC URL, as written
 * @param allow the allowed operations, iterated in declaration order
 * @param tables the allowed tables; empty = any table
 */
public record DatabaseRule(String id, int line, String url, Set<DatabaseOperation> allow, List<String> tables) {

    public DatabaseRule {
        allow = Collections.unmodifiableSet(
                allow.isEmpty() ? EnumSet.noneOf(DatabaseOperation.class) : EnumSet.copyOf(allow));
        tables = List.copyOf(tables);
    }
}
