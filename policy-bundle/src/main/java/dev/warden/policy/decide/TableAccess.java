package dev.warden.policy.decide;

import dev.warden.policy.DatabaseOperation;

/**
 * One table a statement touches and how.
 *
 * @param table the name as written, quotes removed, lower case, parts joined by {@code .}
 *     ({@code crm.customers}); compared with the rule's {@code tables} globs
 */
public record TableAccess(DatabaseOperation operation, String table) {
}
