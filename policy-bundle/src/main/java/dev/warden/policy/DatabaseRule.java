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
 * @param functions globs over lower-case names of server functions and server-side effects allowed
 *     beyond the defaults of the database family ({@code decide.ServerEffects}); empty = none beyond them
 */
public record DatabaseRule(String id, int line, String url, Set<DatabaseOperation> allow, List<String> tables,
        List<String> functions) {

    public DatabaseRule {
        allow = Collections.unmodifiableSet(
                allow.isEmpty() ? EnumSet.noneOf(DatabaseOperation.class) : EnumSet.copyOf(allow));
        tables = List.copyOf(tables);
        functions = List.copyOf(functions);
    }

    /** A rule that allows no function beyond the family's defaults. */
    public DatabaseRule(String id, int line, String url, Set<DatabaseOperation> allow, List<String> tables) {
        this(id, line, url, allow, tables, List.of());
    }
}
