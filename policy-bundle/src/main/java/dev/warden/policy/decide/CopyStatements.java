package dev.warden.policy.decide;

import dev.warden.policy.DatabaseOperation;
import java.util.List;

/**
 * PostgreSQL's {@code COPY}, which JSqlParser does not parse: {@code COPY table [(columns)] FROM ...}
 * writes the table, {@code COPY table|(query) TO ...} reads it. Where the rows come from or go
 * (a server file, a program) is a server-side effect of its own ({@link ServerEffects}:
 * {@code copy_file}, {@code copy_program}); {@code STDIN}/{@code STDOUT} is the client.
 */
final class CopyStatements {

    private CopyStatements() {
    }

    /** The analysis of a COPY statement, or null when {@code sql} is not one. */
    static SqlAnalysis read(String sql, String sanitised) {
        int at = SqlText.skipBlank(sql, 0);
        if (!SqlText.keywordAt(sql, at, "copy")) {
            return null;
        }
        at = SqlText.skipBlank(sql, at + 4);
        if (SqlText.keywordAt(sql, at, "binary")) {
            at = SqlText.skipBlank(sql, at + 6);
        }
        String rest = sql.substring(at);
                if (rest.startsWith("(")) {
            int close = SqlText.matchingParen(rest, 0);
            if (close < 0 || !SqlText.keywordAt(rest, SqlText.skipBlank(rest, close + 1), "to")) {
                return SqlAnalysis.unreadable("the COPY statement cannot be parsed", sanitised);
            }
            SqlAnalysis query = SqlAnalyzer.statements(rest.substring(1, close));
            if (!query.readable()) {
                return SqlAnalysis.unreadable(query.unreadableReason(), sanitised);
            }
            if (query.statements().size() != 1 || !"SELECT".equals(query.statements().get(0).operationName())) {
                return SqlAnalysis.unreadable("COPY (query) must hold one SELECT", sanitised);
            }
            return SqlAnalysis.of(List.of(new SqlStatement("COPY", DatabaseOperation.SELECT,
                    query.statements().get(0).accesses())), sanitised);
        }
        int end = SqlText.qualifiedNameEnd(rest, 0);
        if (end == 0) {
            return SqlAnalysis.unreadable("the COPY statement names no table", sanitised);
        }
        String table = SqlAnalyzer.normalise(rest.substring(0, end));
        int next = SqlText.skipBlank(rest, end);
        if (next < rest.length() && rest.charAt(next) == '(') {
            int close = SqlText.matchingParen(rest, next);
            if (close < 0) {
                return SqlAnalysis.unreadable("the COPY statement cannot be parsed", sanitised);
            }
            next = SqlText.skipBlank(rest, close + 1);
        }
        DatabaseOperation op = SqlText.keywordAt(rest, next, "from") ? DatabaseOperation.INSERT
                : SqlText.keywordAt(rest, next, "to") ? DatabaseOperation.SELECT : null;
        if (op == null) {
            return SqlAnalysis.unreadable("the COPY statement has neither FROM nor TO", sanitised);
        }
        return SqlAnalysis.of(List.of(new SqlStatement("COPY", op, List.of(new TableAccess(op, table)))), sanitised);
    }
}
