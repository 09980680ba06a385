package dev.warden.policy.decide;

import dev.warden.policy.DatabaseOperation;
import java.util.List;

/**
 * One statement of an SQL string, reduced to what a database rule decides on.
 *
 * @param operationName the statement's kind as a span names it: {@code SELECT}, {@code DROP}, {@code COPY}, ...
 * @param operation the operation a rule must allow when no table is named; null for session statements
 *     ({@code SET}, {@code COMMIT}, ...) that read or change no data
 * @param accesses every table the statement touches with the operation it performs there
 */
public record SqlStatement(String operationName, DatabaseOperation operation, List<TableAccess> accesses) {

    public SqlStatement {
        accesses = List.copyOf(accesses);
    }

    /** The first table named, for the span's {@code db.collection.name}; null when none. */
    public String firstTable() {
        return accesses.isEmpty() ? null : accesses.get(0).table();
    }
}
