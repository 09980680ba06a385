package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import org.h2.tools.Server;

/** Databases rules on real drivers: H2 (embedded and TCP), SQLite, through HikariCP and through an AI tool. */
class JdbcIT extends JdbcTestSupport {

    static final String CREATE = "create table customers(id int primary key, name varchar(20))";
    static final String FILL = "insert into customers values (1, 'ada'), (2, 'bob')";
    /** What the rules below allow: the same results with and without the agent. */
    static final String[] ALLOWED = {
        "q:select id, name from customers order by id",
        "p:select name from customers where id = 2",
        "q:/* a tool's comment */ select c.name from \"CUSTOMERS\" c where c.id in (select id from customers where id > 1)",
        "q:with recent as (select * from customers) select count(*) from recent",
        "b:insert into customers values (3, 'cy')|insert into customers values (4, 'dee')",
    };
    static final String RULE = """
            allow: [insert, select]
            tables: [customers]""";

    @BothJdks
    void h2EmbeddedAllowedStatementsWorkUnchangedDeniedOnesExecuteNothing(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            String url = h2File("crm");
            Path policy = databases(List.of(), "url: \"" + url + "\"\n" + RULE);
            assertSameResults(steps(withAgent(jdk, policy, otlp), "driver-manager", url, ALLOWED),
                    steps(plain(jdk), "driver-manager", h2File("copy"), ALLOWED));

            List<AppResult> r = steps(withAgent(jdk, policy, otlp), "driver-manager", url,
                    "x:drop table customers",
                    "u:delete from customers",
                    "q:select * from secrets",
                    "x:select * from customers; drop table customers",
                    "b:insert into customers values (5, 'eve')|delete from customers",
                    "q:selec everything frm customers",
                    "p:update customers set name = 'mallory'",
                    "q:select count(*), min(name) from customers");
            assertSqlDenied(r.get(1), "DROP", "ddl on customers", "[rule databases[0]]");
            assertSqlDenied(r.get(2), "DELETE", "delete on customers");
            assertSqlDenied(r.get(3), "select on secrets");
            assertSqlDenied(r.get(4), "ddl on customers");
            assertSqlDenied(r.get(5), "delete on customers");
            assertSqlDenied(r.get(6), "cannot be parsed", "[rule default-deny]");
            assertSqlDenied(r.get(7), "update on customers");
            // nothing of the denied steps ran: the table is there with its rows, and the refused batch added none
            assertThat(r.get(8).get("rows")).as(r.get(8).context()).isEqualTo("4/ada");

            ReceivedSpan select = otlp.awaitSpan("SELECT span", ReceivedSpan.named("SELECT customers")
                    .and(ReceivedSpan.withAttr("warden.decision", "allow")));
            assertDecision(select, "allow", "databases[0]");
            assertThat(select.attributes()).containsAllEntriesOf(Map.of(
                    "db.system.name", "h2", "db.namespace", tmp.resolve("crm").toString(), "db.operation.name", "SELECT",
                    "db.collection.name", "customers", "db.query.text", "select id, name from customers order by id"));
            ReceivedSpan drop = otlp.awaitSpan("DROP span", ReceivedSpan.named("DROP customers"));
            assertDecision(drop, "deny", "databases[0]");
            assertDeniedStatus(drop, r.get(1));
            ReceivedSpan prepared = otlp.awaitSpan("prepared UPDATE span", ReceivedSpan.named("UPDATE customers"));
            assertThat(prepared.str("db.query.text")).isEqualTo("update customers set name = ?");
        }
    }

    @BothJdks
    void connectionToADatabaseNoRuleNamesIsRefused(Jdk jdk) {
        Path policy = databases(List.of(), "url: \"jdbc:h2:mem:crm\"\n" + RULE);
        List<AppResult> r = steps(agent(jdk, policy), "driver-manager", "jdbc:h2:mem:other", "q:select 1");
        assertThat(r).hasSize(1);
        assertSqlDenied(r.get(0), "connect to database jdbc:h2:mem:other", "no databases rule allows jdbc:h2:mem:other");
    }

    @BothJdks
    void h2TcpServerIsReachedWithoutAnEgressRuleButItsPortStaysClosedToOtherSockets(Jdk jdk) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Server server = Server.createTcpServer("-tcpPort", String.valueOf(port), "-ifNotExists").start();
        try {
            // in-memory databases are shared by the whole test JVM: one name per run
            String crm = "crm_" + jdk.name();
            String url = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:" + crm;
            String copy = "jdbc:h2:tcp://127.0.0.1:" + port + "/mem:copy_" + jdk.name();
            try (Connection keepsCrm = setUp(url); Connection keepsCopy = setUp(copy)) {
                Path policy = databases(List.of(), "url: \"" + url + "\"\n" + RULE);
                assertSameResults(steps(agent(jdk, policy), "driver-manager", url, ALLOWED),
                        steps(plain(jdk), "driver-manager", copy, ALLOWED));

                List<AppResult> r = steps(agent(jdk, policy), "driver-manager", copy);
                assertSqlDenied(r.get(0), "connect to database " + copy);

                r = steps(agent(jdk, policy), "driver-manager", url, "x:drop table customers", "socket:127.0.0.1:" + port,
                        "q:select count(*) from customers");
                assertSqlDenied(r.get(1), "ddl on customers");
                // the server's port was open to the driver's connect only
                assertDenied(r.get(2), CONNECT_EXCEPTION, "127.0.0.1:" + port);
                assertThat(r.get(3).get("rows")).isEqualTo("4");
            }
        } finally {
            server.stop();
        }
    }

    @BothJdks
    void sqliteFileDatabase(Jdk jdk) throws Exception {
        Path file = tmp.resolve("crm.db");
        String url = "jdbc:sqlite:" + file;
        String copy = "jdbc:sqlite:" + tmp.resolve("copy.db");
        setUp(url).close();
        setUp(copy).close();
        Path policy = databases(List.of(), "url: \"jdbc:sqlite:" + tmp + "/crm.*\"\n" + RULE);
        assertSameResults(steps(agent(jdk, policy), "driver-manager", url, ALLOWED),
                steps(plain(jdk), "driver-manager", copy, ALLOWED));

        List<AppResult> r = steps(agent(jdk, policy), "driver-manager", url,
                "x:drop table customers", "u:delete from customers where id = 1", "u:create table secrets(x int)");
        assertSqlDenied(r.get(1), "ddl on customers");
        assertSqlDenied(r.get(2), "delete on customers");
        assertSqlDenied(r.get(3), "ddl on secrets");
        try (Connection direct = DriverManager.getConnection(url);
             ResultSet rows = direct.createStatement().executeQuery(
                     "select count(*), (select count(*) from sqlite_master where name = 'secrets') from customers")) {
            rows.next();
            assertThat(rows.getInt(1)).as("rows left").isEqualTo(4);
            assertThat(rows.getInt(2)).as("secrets table created").isZero();
        }
        r = steps(agent(jdk, policy), "driver-manager", copy);
        assertSqlDenied(r.get(0), "connect to database " + copy);
    }

    @BothJdks
    void throughAHikariPool(Jdk jdk) throws Exception {
        String url = h2File("pooled");
        Path policy = databases(List.of(), "url: \"" + url + "\"\n" + RULE);
        assertSameResults(steps(agent(jdk, policy), "hikari", url, ALLOWED),
                steps(plain(jdk), "hikari", h2File("copy"), ALLOWED));
        List<AppResult> r = steps(agent(jdk, policy), "hikari", url,
                "u:delete from customers", "p:drop table customers", "q:select count(*) from customers");
        assertSqlDenied(r.get(1), "delete on customers");
        assertSqlDenied(r.get(2), "ddl on customers");
        assertThat(r.get(3).get("rows")).isEqualTo("4");
        // the pool reports a refused connect as its own timeout, with Warden's SQLState
        r = steps(agent(jdk, policy).sysProp("app.poolTimeoutMillis", "1000"), "hikari", h2File("other"));
        assertThat(r.get(0).type()).isEqualTo("java.sql.SQLTransientConnectionException");
        assertThat(r.get(0).get("sqlstate")).isEqualTo(INSUFFICIENT_PRIVILEGE);
    }

    @BothJdks
    void plainJdbcFromAnAiTool(Jdk jdk) throws Exception {
        Path file = tmp.resolve("tool.db");
        try (Connection direct = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            direct.createStatement().executeUpdate("create table customers(id int, name text)");
            direct.createStatement().executeUpdate("insert into customers values (1, 'ada')");
            direct.createStatement().executeUpdate("create table secrets(token text)");
            direct.createStatement().executeUpdate("insert into secrets values ('s3cr3t')");
        }
        Path policy = databases(List.of(), "url: \"jdbc:sqlite:" + file + "\"\nallow: [select]\ntables: [customers]");
        String url = "jdbc:sqlite:" + file;
        assertSameResults(steps(agent(jdk, policy), "tool", url, "q:select name from customers"),
                steps(plain(jdk), "tool", url, "q:select name from customers"));
        List<AppResult> r = steps(agent(jdk, policy), "tool", url,
                "q:select token from secrets", "q:select name from customers union select token from secrets",
                "q:delete from customers returning *");
        assertSqlDenied(r.get(0), "select on secrets");
        assertSqlDenied(r.get(1), "select on secrets");
        assertSqlDenied(r.get(2), "delete on customers");
    }

    /** An H2 file database in this test's directory with the customers table; returns its URL. */
    private String h2File(String name) throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve(name);
        setUp(url).close();
        return url;
    }

    /** Creates and fills the customers table behind the app's back (no agent in this JVM). */
    private static Connection setUp(String url) throws Exception {
        Connection connection = DriverManager.getConnection(url);
        connection.createStatement().executeUpdate(CREATE);
        connection.createStatement().executeUpdate(FILL);
        return connection;
    }
}
