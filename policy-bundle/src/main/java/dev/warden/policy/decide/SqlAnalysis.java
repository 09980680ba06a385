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
    private final List<String> functions;
    /**
     * Per family, the functions and statement forms it denies by default, worked out at the first
     * decision on a connection of that family (a benign race: every thread computes the same list).
     */
    private volatile List<String> postgresqlEffects;
    private volatile List<String> h2Effects;
    private volatile List<String> sqliteEffects;
    private volatile List<String> otherEffects;

    private SqlAnalysis(List<SqlStatement> statements, String unreadable, String sanitisedText, List<String> functions) {
        this.statements = statements;
        this.unreadable = unreadable;
        this.sanitisedText = sanitisedText;
        this.functions = functions;
    }

    static SqlAnalysis of(List<SqlStatement> statements, String sanitisedText) {
        return new SqlAnalysis(List.copyOf(statements), null, sanitisedText, List.of());
    }

    static SqlAnalysis unreadable(String reason, String sanitisedText) {
        return new SqlAnalysis(List.of(), reason, sanitisedText, List.of());
    }

    /** This analysis with the functions and statement forms {@link ServerEffects#scan} read from its text. */
    SqlAnalysis withFunctions(List<String> called) {
        return new SqlAnalysis(statements, unreadable, sanitisedText, List.copyOf(called));
    }

    /** Every name called like a function, and every statement form with a server-side effect ({@link ServerEffects}). */
    public List<String> functions() {
        return functions;
    }

    /** Those of {@link #functions()} that the family {@code system} denies unless a rule lists them. */
    public List<String> effects(String system) {
        List<String> known = switch (system) {
            case "postgresql" -> postgresqlEffects;
            case "h2" -> h2Effects;
            case "sqlite" -> sqliteEffects;
            default -> otherEffects;
        };
        if (known != null) {
            return known;
        }
        List<String> denied = new java.util.ArrayList<>();
        for (String function : functions) {
            if (ServerEffects.deniedByDefault(system, function)) {
                denied.add(function);
            }
        }
        List<String> effects = List.copyOf(denied);
        switch (system) {
            case "postgresql" -> postgresqlEffects = effects;
            case "h2" -> h2Effects = effects;
            case "sqlite" -> sqliteEffects = effects;
            default -> otherEffects = effects;
        }
        return effects;
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
