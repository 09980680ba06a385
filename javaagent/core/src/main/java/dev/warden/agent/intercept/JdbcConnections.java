package dev.warden.agent.intercept;

import dev.warden.agent.decide.DatabaseConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Which connection Warden saw open a JDBC call's subject is, through statements and pool proxies.
 * Apart from {@link DatabaseHooks} because it names {@code java.sql} types: installing the JDBC door
 * at start loads none of them (nor the JDK's module-image reader behind them) before the first SQL.
 */
final class JdbcConnections {

    private static final int UNWRAP_DEPTH = 4;

    private JdbcConnections() {
    }

    /**
     * What {@code subject} (a connection, or a statement when {@code prepare} is false) was opened
     * as, or null; a proxy found to wrap a known connection is added to {@code connections}.
     */
    static DatabaseConnection of(Map<Object, DatabaseConnection> connections, Object subject, boolean prepare) {
        Object connection = subject;
        if (!prepare) {
            try {
                connection = ((Statement) subject).getConnection();
            } catch (SQLException closed) {
                return null;
            }
        }
        return known(connections, connection, UNWRAP_DEPTH);
    }

    /** A pool's proxy is not what the driver returned: ask it for what it wraps, and remember the answer. */
    private static DatabaseConnection known(Map<Object, DatabaseConnection> connections, Object connection, int depth) {
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
                    known = known(connections, inner, depth - 1);
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
}
