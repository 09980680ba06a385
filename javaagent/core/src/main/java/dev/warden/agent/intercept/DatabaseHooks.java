package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.DatabaseConnect;
import dev.warden.agent.access.DeniedMessage;
import dev.warden.agent.access.SqlExecution;
import dev.warden.agent.decide.DatabaseConnection;
import dev.warden.agent.decide.DatabaseDecider;
import dev.warden.agent.decide.DatabaseSetUp;
import dev.warden.agent.decide.DatabaseSockets;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.DatabaseSpans;
import dev.warden.bootstrap.JdbcHooks;
import dev.warden.policy.decide.JdbcTarget;
import dev.warden.policy.decide.SqlAnalysis;
import io.opentelemetry.api.trace.Span;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * The JDBC hooks: a connection is decided by its URL when the driver opens it, and remembered with
 * its grant; SQL is decided against that grant when it is prepared or sent through a Statement.
 * A call inside another JDBC call is decided too, unless it is the same access: the same SQL text
 * on the same connection, or a connect to the same URL with the same property names (a pool's
 * proxy, a driver subclass or a driver delegating). SQL on a connection Warden has not seen
 * returned, inside a decided call, is decided against the rules of that call's connection: a
 * driver's own set-up while a connect is under way (where {@link DatabaseSetUp} recognises what
 * the URL asked the driver to run), or H2 running the query given to {@code CSVWRITE} on its
 * internal connection.
 * A refusal is returned as the message the advice throws as {@code SQLException} (SQLState 42501).
 */
public final class DatabaseHooks implements JdbcHooks {

    /**
     * {@code startEpochNanos}: when connect began; the span is made only once the driver took the URL.
     * {@code properties}: the driver's, kept only while it connects, for its set-up statements.
     * {@code delegated}: a connect inside a connect of the same access, which only registers what it returns.
     */
    private record ConnectCall(DatabaseDecider.Connect connect, String url, Map<?, ?> properties,
            DatabaseSockets.Scope sockets, long startEpochNanos, boolean delegated) {

        ConnectCall delegation() {
            return new ConnectCall(connect, url, properties, null, startEpochNanos, true);
        }
    }

    /**
     * {@code connection}: the one the SQL was decided on (for SQL during a connect, the one being
     * opened); {@code connecting}: the connect under way around it, if any. {@code span} may be null.
     */
    private record SqlCall(Span span, String sql, DatabaseConnection connection, ConnectCall connecting) {
    }

    private final DatabaseDecider decider;
    private final DatabaseSockets sockets;
    private final DatabaseSpans spans;
    private final AccessMediator mediator;
    /** A refused connect's span; an allowed one is made once the driver took the URL. */
    private final AccessSpans<DatabaseConnect> connectSpans;
    /** Connections Warden saw open (and pool proxies over them), weakly: a closed one is collected. */
    private final Map<Object, DatabaseConnection> connections = Collections.synchronizedMap(new WeakHashMap<>());

    public DatabaseHooks(DatabaseDecider decider, DatabaseSockets sockets, DatabaseSpans spans, AccessMediator mediator) {
        this.decider = decider;
        this.sockets = sockets;
        this.spans = spans;
        this.mediator = mediator;
        this.connectSpans = (connect, decision, denial) -> {
            if (denial != null) {
                DatabaseSpans.endDenied(spans.startConnect(connect.database(), decision, DatabaseSpans.now()), denial.getMessage());
            }
        };
    }

    @Override
    public Object beforeConnect(Object driver, String url, Object properties, Object enclosing) {
        if (url == null) {
            return null; // the driver refuses it itself
        }
        if (enclosing instanceof ConnectCall outer && outer.connect().connection().isOpenedBy(url, (Map<?, ?>) properties)) {
            return outer.delegation(); // a driver subclass or a delegating driver: the connect already decided
        }
        DatabaseDecider.Connect connect = decider.connect(url, (Map<?, ?>) properties);
        Decision decision = connect.decision();
        JdbcTarget target = connect.grant().target();
        DeniedMessage denial = mediator.apply(new DatabaseConnect(target), decision, connectSpans);
        if (denial != null) {
            return denial.getMessage();
        }
        DatabaseSockets.Scope scope = decision.outcome() == Outcome.ALLOW ? sockets.open(target, decision) : null;
        return new ConnectCall(connect, url, (Map<?, ?>) properties, scope, DatabaseSpans.now(), false);
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
        if (call.delegated()) {
            if (connection != null) {
                connections.put(connection, connect.connection());
            }
            return;
        }
        DatabaseSpans.end(spans.startConnect(connect.grant().target(), connect.decision(), call.startEpochNanos()), thrown);
        if (connection != null) {
            connections.put(connection, connect.connection());
        }
    }

    @Override
    public Object beforeSql(Object subject, String sql, boolean prepare, Object enclosing) {
        if (sql == null) {
            return null; // the driver refuses it itself
        }
        ConnectCall connecting = enclosing instanceof ConnectCall connect ? connect
                : enclosing instanceof SqlCall outer ? outer.connecting() : null;
        DatabaseConnection known = JdbcConnections.of(connections, subject, prepare);
        DatabaseConnection around = enclosing instanceof SqlCall outer ? outer.connection()
                : connecting == null ? null : connecting.connect().connection();
        DatabaseConnection connection = known != null ? known : around;
        if (enclosing instanceof SqlCall outer && outer.connection() == connection && outer.sql().equals(sql)) {
            return null; // a pool's proxy or a driver delegating the same SQL: already decided
        }
        SqlAnalysis analysis = decider.analyze(connection, sql);
        Decision decision;
        if (known != null) {
            decision = decider.statement(known, sql, analysis);
        } else if (connection == null) {
            decision = decider.unknownConnection();
        } else if (connecting != null && DatabaseSetUp.isSetUpOf(connecting.url(), connecting.properties(), sql)) {
            decision = connecting.connect().decision();
        } else {
            decision = decider.statement(connection, sql, analysis);
        }
        JdbcTarget target = connection == null ? null : connection.lastGrant().target();
        Span span = target == null ? null : spans.startSql(analysis, target, decision);
        DeniedMessage denial = mediator.apply(new SqlExecution(target, analysis, span), decision,
                SqlExecution.ENDS_SPAN_WHEN_DENIED);
        if (denial != null) {
            return denial.getMessage();
        }
        return new SqlCall(span, sql, connection, connecting);
    }

    @Override
    public void afterSql(Object handle, Throwable thrown) {
        Span span = ((SqlCall) handle).span();
        if (span != null) {
            DatabaseSpans.end(span, thrown);
        }
    }
}
