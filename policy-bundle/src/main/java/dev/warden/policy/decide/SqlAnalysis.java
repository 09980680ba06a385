package dev.warden.policy.decide;

import java.util.List;

/**
 * What an SQL string does: its statements, or why it could not be read. Immutable, so one analysis
 * serves every connection that sends the same text.
 */
public final class SqlAnalysis {

    private final List<SqlStatement> statements;
    private final String unreadable;
    private final String sanitisedText;

    private SqlAnalysis(List<SqlStatement> statements, String unreadable, String sanitisedText) {
        this.statements = statements;
        this.unreadable = unreadable;
        this.sanitisedText = sanitisedText;
    }

    static SqlAnalysis of(List<SqlStatement> statements, String sanitisedText) {
        return new SqlAnalysis(List.copyOf(statements), null, sanitisedText);
    }

    static SqlAnalysis unreadable(String reason, String sanitisedText) {
        return new SqlAnalysis(List.of(), reason, sanitisedText);
    }

    public List<SqlStatement> statements() {
        return statements;
    }

    /** Why the text could not be parsed or classified; null when it was. */
    public String unreadableReason() {
        return unreadable;
    }

    public boolean readable() {
        return unreadable == null;
    }

    /** The text with literals replaced by {@code ?} and comments removed, for {@code db.query.text}. */
    public String sanitisedText() {
        return sanitisedText;
    }

    /** {@code db.operation.name}: the one statement's kind, or {@code BATCH} for several. */
    public String operationName() {
        if (statements.size() == 1) {
            return statements.get(0).operationName();
        }
        return statements.isEmpty() ? null : "BATCH";
    }

    /** {@code db.collection.name}: the one statement's first table, or null. */
    public String collectionName() {
        return statements.size() == 1 ? statements.get(0).firstTable() : null;
    }
}
