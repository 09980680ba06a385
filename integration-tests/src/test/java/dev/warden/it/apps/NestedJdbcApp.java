package dev.warden.it.apps;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import org.h2.jdbc.JdbcConnection;
import org.postgresql.jdbc.PgConnection;
import org.postgresql.util.HostSpec;
import org.sqlite.SQLiteConnection;
import org.sqlite.jdbc4.JDBC4Statement;

/**
 * App classes extending driver classes that run other SQL inside the app's own JDBC call. Args:
 * {@code HOW URL NESTED}; the SQL {@code NESTED} runs inside {@code select count(*) from customers}.
 * HOW is {@code sqlite-statement} (a Statement subclass whose {@code executeQuery} runs
 * {@code super.execute(NESTED)} first), {@code h2-connection} (a Driver subclass returning a
 * Connection subclass whose {@code prepareStatement} runs NESTED on a second statement first) or
 * {@code h2-connect} (that Driver subclass runs NESTED inside {@code connect}, on the connection
 * H2's own connect returned to it), and the same two over pgjdbc: {@code pg-connection} and
 * {@code pg-connect} (user and password from {@code -Dapp.user} and {@code -Dapp.password}). Step 1 is
 * the query (its rows), step 2 the table's rows counted afterwards on a plain connection.
 */
public final class NestedJdbcApp {

    private static final String QUERY = "select count(*) from customers";

    /** Runs {@code sql} as an update on a statement of its own, inside the call that nests it. */
    private static Connection updatedOn(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
        return connection;
    }

    /** A driver subclass: its connect delegates to H2's and wraps the connection. */
    public static final class NestingH2Driver extends org.h2.Driver {
        private final String duringConnect;

        NestingH2Driver(String duringConnect) {
            this.duringConnect = duringConnect;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (duringConnect == null) {
                return new NestingH2Connection(url, info);
            }
            return updatedOn(super.connect(url, info), duringConnect);
        }
    }

    /** A connection subclass that runs {@link #nested} before each statement it prepares. */
    public static final class NestingH2Connection extends JdbcConnection {
        static String nested;

        NestingH2Connection(String url, Properties info) throws SQLException {
            super(url, info, info.getProperty("user"), info.getProperty("password"), false);
        }

        @Override
        public PreparedStatement prepareStatement(String sql) throws SQLException {
            updatedOn(this, nested);
            return super.prepareStatement(sql);
        }
    }

    /** pgjdbc's driver, subclassed: as {@link NestingH2Driver}. */
    public static final class NestingPgDriver extends org.postgresql.Driver {
        private final String duringConnect;

        NestingPgDriver(String duringConnect) {
            this.duringConnect = duringConnect;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            if (duringConnect == null) {
                return new NestingPgConnection(url, org.postgresql.Driver.parseURL(url, info));
            }
            return updatedOn(super.connect(url, info), duringConnect);
        }
    }

    /** pgjdbc's connection, subclassed: as {@link NestingH2Connection}. */
    public static final class NestingPgConnection extends PgConnection {
        static String nested;

        /** {@code parsed}: the URL's properties as pgjdbc's driver reads them (one host). */
        NestingPgConnection(String url, Properties parsed) throws SQLException {
            super(new HostSpec[] {new HostSpec(parsed.getProperty("PGHOST"), Integer.parseInt(parsed.getProperty("PGPORT")))},
                    parsed, url);
        }

        @Override
        public PreparedStatement prepareStatement(String sql) throws SQLException {
            updatedOn(this, nested);
            return super.prepareStatement(sql);
        }
    }

    /** A statement subclass whose executeQuery runs {@link #nested} through the driver's own execute first. */
    public static final class NestingSqliteStatement extends JDBC4Statement {
        private final String nested;

        NestingSqliteStatement(SQLiteConnection connection, String nested) {
            super(connection);
            this.nested = nested;
        }

        @Override
        public ResultSet executeQuery(String sql) throws SQLException {
            super.execute(nested);
            return super.executeQuery(sql);
        }
    }

    public static void main(String[] args) throws Exception {
        String how = args[0];
        String url = args[1];
        String nested = args[2];
        step(1, () -> switch (how) {
            case "sqlite-statement" -> {
                try (Connection connection = DriverManager.getConnection(url);
                     Statement statement = new NestingSqliteStatement((SQLiteConnection) connection, nested)) {
                    yield count(statement.executeQuery(QUERY));
                }
            }
            case "h2-connection", "h2-connect" -> {
                NestingH2Connection.nested = nested;
                NestingH2Driver driver = new NestingH2Driver(how.equals("h2-connect") ? nested : null);
                try (Connection connection = driver.connect(url, new Properties());
                     PreparedStatement query = connection.prepareStatement(QUERY)) {
                    yield count(query.executeQuery());
                }
            }
            case "pg-connection", "pg-connect" -> {
                NestingPgConnection.nested = nested;
                NestingPgDriver driver = new NestingPgDriver(how.equals("pg-connect") ? nested : null);
                try (Connection connection = driver.connect(url, credentials());
                     PreparedStatement query = connection.prepareStatement(QUERY)) {
                    yield count(query.executeQuery());
                }
            }
            default -> throw new IllegalArgumentException(how);
        });
        step(2, () -> {
            try (Connection plain = DriverManager.getConnection(url, credentials()); Statement statement = plain.createStatement()) {
                return count(statement.executeQuery(QUERY));
            }
        });
    }

    /** The user and password the app was given, if any. */
    private static Properties credentials() {
        Properties info = new Properties();
        String user = System.getProperty("app.user");
        if (user != null) {
            info.setProperty("user", user);
            info.setProperty("password", System.getProperty("app.password", ""));
        }
        return info;
    }

    private static String[] count(ResultSet rows) throws SQLException {
        rows.next();
        return new String[] {"rows", rows.getString(1)};
    }

    private static void step(int number, Report.Action action) {
        String[] tags = {"step", String.valueOf(number)};
        try {
            String[] values = action.call();
            String[] line = java.util.Arrays.copyOf(tags, tags.length + values.length);
            System.arraycopy(values, 0, line, tags.length, values.length);
            Report.ok(line);
        } catch (SQLException failed) {
            Report.failure(new String[] {"step", String.valueOf(number), "sqlstate", failed.getSQLState()}, failed);
        } catch (Throwable failed) {
            Report.failure(tags, failed);
        }
    }
}
