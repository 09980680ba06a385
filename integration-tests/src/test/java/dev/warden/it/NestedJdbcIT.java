package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.NestedJdbcApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.PostgresServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;

/**
 * SQL run inside an allowed JDBC call by app classes extending driver classes (a Statement, a
 * Connection, a Driver) is decided like any other: denied, it fails the call and writes nothing;
 * allowed, it runs. Over SQLite, H2 and a real PostgreSQL server (the machine's binaries, started
 * once for the class). And the SQL sqlite-jdbc runs itself while connecting still works.
 */
class NestedJdbcIT extends JdbcTestSupport {

    private static final String NESTED_DENIED = "delete from customers";
    private static final String NESTED_ALLOWED = "insert into customers values (3, 'cy')";

    private static PostgresServer postgres;

    /** The PostgreSQL server, started by the first test that needs it. */
    private static PostgresServer postgres() throws Exception {
        // skipped on a developer machine without PostgreSQL; in CI (.ci/run installs it) a missing server fails
        Assumptions.assumeTrue(PostgresServer.binaries() != null || System.getenv("CI") != null,
                "no PostgreSQL binaries on this machine");
        if (postgres == null) {
            postgres = PostgresServer.start("crm");
        }
        return postgres;
    }

    @AfterAll
    static void stopPostgres() throws Exception {
        if (postgres != null) {
            postgres.close();
        }
    }

    @BothJdks
    void sqliteStatementSubclassRunningOtherSqlInsideItsExecuteQuery(Jdk jdk) throws Exception {
        String url = "jdbc:sqlite:" + tmp.resolve("crm.db");
        setUp(url);
        Path policy = databases(List.of(), "url: \"" + url + "\"\n" + JdbcIT.RULE);

        List<AppResult> r = nested(agent(jdk, policy), "sqlite-statement", url, NESTED_DENIED);
        assertSqlDenied(r.get(0), "DELETE", "delete on customers", "[rule databases[0]]");
        assertThat(r.get(1).get("rows")).as(r.get(1).context()).isEqualTo("2");
        assertThat(rows(url)).isEqualTo(2);

        r = nested(agent(jdk, policy), "sqlite-statement", url, NESTED_ALLOWED);
        assertThat(r.get(0).get("rows")).as(r.get(0).context()).isEqualTo("3");
        assertThat(rows(url)).isEqualTo(3);
    }

    @BothJdks
    void h2ConnectionSubclassRunningASecondStatementInsideItsPrepare(Jdk jdk) throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("crm");
        setUp(url);
        Path policy = databases(List.of(), "url: \"" + url + "\"\n" + JdbcIT.RULE);

        List<AppResult> r = nested(agent(jdk, policy), "h2-connection", url, "drop table customers");
        assertSqlDenied(r.get(0), "DROP", "ddl on customers");
        assertThat(r.get(1).get("rows")).as(r.get(1).context()).isEqualTo("2");

        r = nested(agent(jdk, policy), "h2-connection", url, NESTED_ALLOWED);
        assertThat(r.get(0).get("rows")).as(r.get(0).context()).isEqualTo("3");
        assertThat(rows(url)).isEqualTo(3);
    }

    @BothJdks
    void h2DriverSubclassRunningSqlInsideConnectIsDecidedByTheUrlsRules(Jdk jdk) throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("crm");
        setUp(url);
        Path policy = databases(List.of(), "url: \"" + url + "\"\n" + JdbcIT.RULE);

        List<AppResult> r = nested(agent(jdk, policy), "h2-connect", url, NESTED_DENIED);
        assertSqlDenied(r.get(0), "DELETE", "delete on customers");
        assertThat(r.get(1).get("rows")).as(r.get(1).context()).isEqualTo("2");
        assertThat(rows(url)).isEqualTo(2);
    }

    @BothJdks
    void sqlitesOwnPragmasFromTheUrlRunWhileItConnectsUnderARuleWithoutThem(Jdk jdk) throws Exception {
        Path file = tmp.resolve("wal.db");
        setUp("jdbc:sqlite:" + file);
        String url = "jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=3000";
        Path policy = databases(List.of(), "url: \"jdbc:sqlite:" + file + "\"\n" + JdbcIT.RULE);

        List<AppResult> r = nested(agent(jdk, policy), "sqlite-statement", url, NESTED_ALLOWED);
        assertThat(r.get(0).get("rows")).as(r.get(0).context()).isEqualTo("3");
        try (Connection direct = DriverManager.getConnection("jdbc:sqlite:" + file);
             ResultSet mode = direct.createStatement().executeQuery("pragma journal_mode")) {
            mode.next();
            assertThat(mode.getString(1)).as("the URL's journal_mode ran").isEqualTo("wal");
        }
    }

    @BothJdks
    void postgresConnectionAndDriverSubclassesRunningSqlInsideTheAppsCalls(Jdk jdk) throws Exception {
        PostgresServer server = postgres();
        server.psql("crm", "drop table if exists customers; " + JdbcIT.CREATE + "; " + JdbcIT.FILL);
        String url = server.url("crm");
        Path policy = databases(List.of(), "url: \"" + url + "\"\n" + JdbcIT.RULE);

        for (String how : List.of("pg-connection", "pg-connect")) {
            List<AppResult> r = nested(asPostgres(agent(jdk, policy)), how, url, NESTED_DENIED);
            assertSqlDenied(r.get(0), "DELETE", "delete on customers", "[rule databases[0]]");
            assertThat(r.get(1).get("rows")).as(r.get(1).context()).isEqualTo("2");
            assertThat(server.psql("crm", "select count(*) from customers")).as(how).isEqualTo("2");
        }

        List<AppResult> r = nested(asPostgres(agent(jdk, policy)), "pg-connection", url, NESTED_ALLOWED);
        assertThat(r.get(0).get("rows")).as(r.get(0).context()).isEqualTo("3");
        r = nested(asPostgres(agent(jdk, policy)), "pg-connect", url, "insert into customers values (4, 'di')");
        assertThat(r.get(0).get("rows")).as(r.get(0).context()).isEqualTo("4");
        assertThat(server.psql("crm", "select count(*) from customers")).isEqualTo("4");
    }

    private static ForkedJvm.Builder asPostgres(ForkedJvm.Builder jvm) {
        return jvm.sysProp("app.user", "postgres").sysProp("app.password", "");
    }

    /** Runs NestedJdbcApp: HOW, the database's URL and the SQL nested inside the app's query. */
    private static List<AppResult> nested(ForkedJvm.Builder jvm, String how, String url, String nestedSql) {
        ForkedJvm.Result r = jvm.main(NestedJdbcApp.class, how, url, nestedSql).run();
        assertThat(r.timedOut()).as("timed out\n%s", r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r.describe()).isZero();
        return r.results();
    }

    /** Creates the customers table with two rows behind the app's back (no agent in this JVM). */
    private static void setUp(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url)) {
            connection.createStatement().executeUpdate(JdbcIT.CREATE);
            connection.createStatement().executeUpdate("insert into customers values (1, 'ada'), (2, 'bob')");
        }
    }

    private static int rows(String url) throws Exception {
        try (Connection connection = DriverManager.getConnection(url);
             ResultSet rows = connection.createStatement().executeQuery("select count(*) from customers")) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
