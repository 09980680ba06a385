package dev.warden.agent.access;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.record.DatabaseSpans;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.policy.decide.JdbcTarget;
import dev.warden.policy.decide.SqlAnalysis;
import dev.warden.policy.decide.SqlStatement;
import dev.warden.policy.decide.TableAccess;
import io.opentelemetry.api.trace.Span;
import java.util.Locale;

/**
 * SQL prepared or sent on a connection; {@code database} and {@code span} are null on a
 * connection Warden did not see open.
 */
public record SqlExecution(JdbcTarget database, SqlAnalysis analysis, Span span) implements AccessRequest<DeniedMessage> {

    /** The statement's span, ended by a denial; one that goes ahead ends when the driver returns. */
    public static final AccessSpans<SqlExecution> ENDS_SPAN_WHEN_DENIED = (request, decision, denial) -> {
        if (denial != null && request.span() != null) {
            DatabaseSpans.endDenied(request.span(), denial.getMessage());
        }
    };

    @Override
    public String kind() {
        return DecisionRecorder.DATABASE;
    }

    @Override
    public String action() {
        String operation = analysis.operationName();
        return !analysis.readable() ? "unparsable" : operation == null ? "sql" : operation.toLowerCase(Locale.ROOT);
    }

    @Override
    public String target() {
        return database == null ? "(unknown connection)" : database.url();
    }

    @Override
    public String denied() {
        String operation = analysis.operationName();
        return (operation == null ? "SQL" : operation) + " on "
                + (database == null ? "a connection Warden did not see open" : database.url());
    }

    @Override
    public DeniedMessage denial(String message) {
        return new DeniedMessage(message);
    }

    /** One record per table a statement touches (and per statement that names none), so a suggested policy can list them. */
    @Override
    public void record(DecisionRecorder recorder, Decision decision) {
        String url = target();
        if (!analysis.readable()) {
            recorder.record(kind(), "unparsable", url, null, url, decision, null);
            return;
        }
        for (SqlStatement statement : analysis.statements()) {
            if (statement.operation() == null) { // SET, COMMIT, ...: the connection alone decides them
                recorder.record(kind(), "session", url, null, url, decision, null);
            } else if (statement.accesses().isEmpty()) {
                recorder.record(kind(), statement.operation().name().toLowerCase(Locale.ROOT), url, null, url, decision, null);
            }
            for (TableAccess access : statement.accesses()) {
                recorder.record(kind(), access.operation().name().toLowerCase(Locale.ROOT), url, access.table(),
                        url + " " + access.table(), decision, null);
            }
        }
    }
}
