package dev.warden.agent.intercept;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.decide.DatabaseConnection;
import dev.warden.agent.decide.DatabaseDecider;
import dev.warden.agent.decide.DatabaseSockets;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.DatabaseSpans;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.JdbcHooks;
import dev.warden.policy.decide.JdbcTarget;
import dev.warden.policy.decide.SqlAnalysis;
import dev.warden.policy.decide.SqlStatement;
import dev.warden.policy.decide.TableAccess;
import io.opentelemetry.api.trace.Span;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The JDBC hooks: a connection is decided by its URL when the driver opens it, and remembered with
 * its grant; SQL is decided against that grant when it is prepared or sent through a Statement.
 * A refusal is returned as the message the advice throws as {@code SQLException} (SQLState 42501).
 */
public final class DatabaseHooks implements JdbcHooks {

    private static final int UNWRAP_DEPTH = 4;

    /** {@code startEpochNanos}: when connect began; the span is made only once the driver took the URL. */
    private record ConnectCall(DatabaseDecider.Connect connect, DatabaseSockets.Scope sockets, long startEpochNanos) {
    }

    private record SqlCall(Span span) {
    }

    private final DatabaseDecider decider;
    private final DatabaseSockets sockets;
    private final DatabaseSpans spans;
    private final DecisionRecorder recorder;
    /** Connections Warden saw open (and pool proxies over them), weakly: a closed one is collected. */
    private final Map<Object, DatabaseConnection> connections = Collections.synchronizedMap(new WeakHashMap<>());

    public DatabaseHooks(DatabaseDecider decider, DatabaseSockets sockets, DatabaseSpans spans, DecisionRecorder recorder) {
        this.decider = decider;
        this.sockets = sockets;
        this.spans = spans;
        this.recorder = recorder;
    }

    @Override
    public Object beforeConnect(Object driver, String url, Object properties) {
        if (url == null) {
            return null; // the driver refuses it itself
        }
        DatabaseDecider.Connect connect = decider.connect(url, (Map<?, ?>) properties);
        Decision decision = connect.decision();
        JdbcTarget target = connect.grant().target();
        recorder.record(DecisionRecorder.DATABASE, "connect", target.url(), null, target.url(), decision, null);
        if (decision.outcome() != Outcome.ALLOW) {
            String denial = Denials.databaseConnect(target.url(), decision);
            report(denial, decision);
            if (decision.blocks()) {
                DatabaseSpans.endDenied(spans.startConnect(target, decision, DatabaseSpans.now()), denial);
                return denial;
            }
        }
        DatabaseSockets.Scope scope = decision.outcome() == Outcome.ALLOW ? sockets.open(target, decision) : null;
        return new ConnectCall(connect, scope, DatabaseSpans.now());
    }

    @Override
    public void afterConnect(Object handle, Object connection, Throwable thrown) {
        ConnectCall call = (ConnectCall) handle;
        if (call.sockets() != null) {
            sockets.close(call.sockets());
        }
        if (connection == null && thrown == null) {
            return; // a driver that does not take this URL: DriverManager asks the next one
        }
        DatabaseDecider.Connect connect = call.connect();
        DatabaseSpans.end(spans.startConnect(connect.grant().target(), connect.decision(), call.startEpochNanos()), thrown);
        if (connection != null) {
            connections.put(connection, connect.connection());
        }
    }

    @Override
    public Object beforeSql(Object subject, String sql, boolean prepare) {
        if (sql == null) {
            return null; // the driver refuses it itself
        }
        DatabaseConnection connection = connectionOf(subject, prepare);
        SqlAnalysis analysis = decider.analyze(sql);
        Decision decision = connection == null ? decider.unknownConnection() : decider.statement(connection, analysis);
        JdbcTarget target = connection == null ? null : connection.lastGrant().target();
        Span span = target == null ? null : spans.startSql(analysis, target, decision);
        record(target == null ? "(unknown connection)" : target.url(), analysis, decision);
        if (decision.outcome() != Outcome.ALLOW) {
            String denial = Denials.sql(analysis.operationName(),
                    target == null ? "a connection Warden did not see open" : target.url(), decision);
            report(denial, decision);
            if (decision.blocks()) {
                if (span != null) {
                    DatabaseSpans.endDenied(span, denial);
                }
                return denial;
            }
        }
        return span == null ? null : new SqlCall(span);
    }

    /** One record per table a statement touches (and per statement that names none), so a suggested policy can list them. */
    private void record(String url, SqlAnalysis analysis, Decision decision) {
        if (!recorder.keepsDetails()) {
            recorder.count(DecisionRecorder.DATABASE, decision);
            return;
        }
        if (!analysis.readable()) {
            recorder.record(DecisionRecorder.DATABASE, "unparsable", url, null, url, decision, null);
            return;
        }
        for (SqlStatement statement : analysis.statements()) {
            String operation = statement.operation().name().toLowerCase(java.util.Locale.ROOT);
            if (statement.accesses().isEmpty()) {
                recorder.record(DecisionRecorder.DATABASE, operation, url, null, url, decision, null);
            }
            for (TableAccess access : statement.accesses()) {
                recorder.record(DecisionRecorder.DATABASE, access.operation().name().toLowerCase(java.util.Locale.ROOT), url,
                        access.table(), url + " " + access.table(), decision, null);
            }
        }
    }

    @Override
    public void afterSql(Object handle, Throwable thrown) {
        DatabaseSpans.end(((SqlCall) handle).span(), thrown);
    }

    private DatabaseConnection connectionOf(Object subject, boolean prepare) {
        Object connection = subject;
        if (!prepare) {
            try {
                connection = ((Statement) subject).getConnection();
            } catch (SQLException closed) {
                return null;
            }
        }
        return known(connection, UNWRAP_DEPTH);
    }

    /** A pool's proxy is not what the driver returned: ask it for what it wraps, and remember the answer. */
    private DatabaseConnection known(Object connection, int depth) {
        if (connection == null) {
            return null;
        }
        DatabaseConnection known = connections.get(connection);
        if (known != null || depth == 0 || !(connection instanceof Connection wrapper)) {
            return known;
        }
        try {
            if (wrapper.isWrapperFor(Connection.class)) {
                Object inner = wrapper.unwrap(Connection.class);
                if (inner != connection) {
                    known = known(inner, depth - 1);
                    if (known != null) {
                        connections.put(connection, known);
                    }
                }
            }
        } catch (SQLException notAWrapper) {
            // nothing more to learn from it
        }
        return known;
    }

    private static void report(String denial, Decision decision) {
        WardenLog.decision(decision.blocks() ? denial : Denials.auditLine(denial));
    }
}
