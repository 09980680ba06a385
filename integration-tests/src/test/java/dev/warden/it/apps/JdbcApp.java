package dev.warden.it.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Runs JDBC steps on one connection and prints one RESULT line per step (tag {@code step=N}; the
 * connection itself is step 0). Args: {@code HOW URL STEP...}; HOW is {@code driver-manager},
 * {@code hikari} (a HikariCP pool) or {@code tool} (each step through an AI tool's method, found
 * by its annotation as an agent framework would). User and password come from {@code -Dapp.user}
 * and {@code -Dapp.password}; how long the pool waits for a connection from {@code -Dapp.poolTimeoutMillis}. Steps:
 * <ul>
 * <li>{@code q:SQL} Statement.executeQuery, reports the rows;</li>
 * <li>{@code u:SQL} Statement.executeUpdate, reports the count;</li>
 * <li>{@code x:SQL} Statement.execute;</li>
 * <li>{@code p:SQL} prepareStatement then executeQuery, twice (the second execution reuses the decision);</li>
 * <li>{@code b:SQL|SQL} addBatch each, then executeBatch;</li>
 * <li>{@code socket:HOST:PORT} a plain socket connect (to see what the database's address opens).</li>
 * </ul>
 */
public final class JdbcApp {

    /** What LangChain4j's {@code @Tool} marks: a method the model may call. */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface Tool {
        String value();
    }

    /** A hand-written "query the CRM" tool: plain JDBC, as tools are written. */
    public static final class CrmTool {
        private final String url;

        CrmTool(String url) {
            this.url = url;
        }

        @Tool("Runs an SQL query against the CRM and returns the rows")
        public String query(String sql) throws SQLException {
            try (Connection connection = open(url); Statement statement = connection.createStatement();
                 ResultSet rows = statement.executeQuery(sql)) {
                return rows(rows);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        String how = args[0];
        String url = args[1];
        List<String> steps = Arrays.asList(args).subList(2, args.length);
        if (how.equals("tool")) {
            CrmTool tool = new CrmTool(url);
            Method toolMethod = Arrays.stream(CrmTool.class.getMethods())
                    .filter(m -> m.isAnnotationPresent(Tool.class)).findFirst().orElseThrow();
            for (int i = 0; i < steps.size(); i++) {
                String sql = steps.get(i).substring(2);
                step(i + 1, () -> {
                    try {
                        return new String[] {"rows", (String) toolMethod.invoke(tool, sql)};
                    } catch (InvocationTargetException thrown) {
                        throw thrown.getCause();
                    }
                });
            }
            return;
        }
        HikariDataSource pool = null;
        Connection connection;
        try {
            if (how.equals("hikari")) {
                HikariConfig config = new HikariConfig();
                config.setJdbcUrl(url);
                config.setUsername(System.getProperty("app.user"));
                config.setPassword(System.getProperty("app.password"));
                config.setMaximumPoolSize(2);
                config.setInitializationFailTimeout(-1);
                config.setConnectionTimeout(Long.getLong("app.poolTimeoutMillis", 15_000));
                pool = new HikariDataSource(config);
                connection = pool.getConnection();
            } else {
                connection = open(url);
            }
            Report.ok("step", "0", "connected", "true");
        } catch (SQLException refused) {
            Report.failure(new String[] {"step", "0", "sqlstate", refused.getSQLState()}, refused);
            return;
        }
        try {
            for (int i = 0; i < steps.size(); i++) {
                String step = steps.get(i);
                Connection c = connection;
                step(i + 1, () -> run(c, step));
            }
        } finally {
            connection.close();
            if (pool != null) {
                pool.close();
            }
        }
    }

    /** One RESULT line; an SQLException's SQLState is reported as {@code sqlstate}. */
    private static void step(int number, Report.Action action) {
        String[] tags = {"step", String.valueOf(number)};
        String[] values;
        try {
            values = action.call();
        } catch (SQLException failed) {
            Report.failure(new String[] {"step", String.valueOf(number), "sqlstate", failed.getSQLState()}, failed);
            return;
        } catch (Throwable failed) {
            Report.failure(tags, failed);
            return;
        }
        String[] line = Arrays.copyOf(tags, tags.length + values.length);
        System.arraycopy(values, 0, line, tags.length, values.length);
        Report.ok(line);
    }

    static Connection open(String url) throws SQLException {
        String user = System.getProperty("app.user");
        return user == null ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, System.getProperty("app.password"));
    }

    private static String[] run(Connection connection, String step) throws Exception {
        String kind = step.substring(0, step.indexOf(':'));
        String sql = step.substring(kind.length() + 1);
        switch (kind) {
            case "q" -> {
                try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
                    return new String[] {"rows", rows(rows)};
                }
            }
            case "u" -> {
                try (Statement statement = connection.createStatement()) {
                    return new String[] {"count", String.valueOf(statement.executeUpdate(sql))};
                }
            }
            case "x" -> {
                try (Statement statement = connection.createStatement()) {
                    return new String[] {"result", String.valueOf(statement.execute(sql))};
                }
            }
            case "p" -> {
                try (PreparedStatement prepared = connection.prepareStatement(sql)) {
                    String first;
                    try (ResultSet rows = prepared.executeQuery()) {
                        first = rows(rows);
                    }
                    try (ResultSet rows = prepared.executeQuery()) {
                        return new String[] {"rows", first, "again", rows(rows)};
                    }
                }
            }
            case "b" -> {
                try (Statement statement = connection.createStatement()) {
                    for (String each : sql.split("\\|")) {
                        statement.addBatch(each);
                    }
                    return new String[] {"counts", Arrays.toString(statement.executeBatch()).replace(" ", "")};
                }
            }
            case "socket" -> {
                int colon = sql.lastIndexOf(':');
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress(sql.substring(0, colon), Integer.parseInt(sql.substring(colon + 1))), 5000);
                    return new String[] {"connected", "true"};
                }
            }
            default -> throw new IllegalArgumentException("step " + step);
        }
    }

    static String rows(ResultSet rows) throws SQLException {
        List<String> values = new ArrayList<>();
        int columns = rows.getMetaData().getColumnCount();
        while (rows.next()) {
            StringBuilder row = new StringBuilder();
            for (int c = 1; c <= columns; c++) {
                row.append(c > 1 ? "/" : "").append(rows.getString(c));
            }
            values.add(row.toString());
        }
        return String.join(",", values);
    }
}
