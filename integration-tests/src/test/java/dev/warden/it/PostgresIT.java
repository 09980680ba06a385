package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.PostgresServer;
import dev.warden.it.harness.ReceivedSpan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * A real PostgreSQL server (the machine's binaries, a fresh cluster on a free loopback port) and the
 * real pgjdbc driver. Also how {@code databases} and {@code egress} meet: the allowed database is
 * reached without an egress rule, and its host and port stay closed to every other socket.
 */
class PostgresIT extends JdbcTestSupport {

    static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        // skipped on a developer machine without PostgreSQL; in CI (.ci/run installs it) a missing server fails
        Assumptions.assumeTrue(PostgresServer.binaries() != null || System.getenv("CI") != null,
                "no PostgreSQL binaries on this machine");
        server = PostgresServer.start("crm");
        server.psql("crm", "create table customers(id int primary key, name text); "
                + "insert into customers values (1, 'ada'), (2, 'bob'); "
                + "create table secrets(token text); insert into secrets values ('s3cr3t')");
        server.psql("postgres", "create database copy template crm");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    static final String[] ALLOWED = {
        "q:select id, name from customers order by id",
        "p:select name from customers where id = 2",
        "q:select c.name from public.customers c where c.id in (select id from customers where id > 1)",
        "q:with recent as (select * from customers) select count(*) from recent",
    };

    private Path policy() {
        return databases(List.of(), "url: \"jdbc:postgresql://127.0.0.1:" + server.port() + "/crm\"\n"
                + "allow: [select]\ntables: [customers, public.customers]");
    }

    private static ForkedJvm.Builder asPostgres(ForkedJvm.Builder jvm) {
        return jvm.sysProp("app.user", "postgres").sysProp("app.password", "");
    }

    @BothJdks
    void allowedStatementsReturnTheSameRowsDeniedOnesChangeNothing(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            String url = server.url("crm");
            assertSameResults(steps(asPostgres(withAgent(jdk, policy(), otlp)), "driver-manager", url, ALLOWED),
                    steps(asPostgres(plain(jdk)), "driver-manager", server.url("copy"), ALLOWED));

            List<AppResult> r = steps(asPostgres(withAgent(jdk, policy(), otlp)), "driver-manager", url,
                    "x:drop table customers",
                    "u:delete from customers",
                    "q:select token from secrets",
                    "x:select 1; drop table secrets",
                    "b:insert into customers values (3, 'eve')",
                    "p:select * from customers where id in (select length(token) from secrets)",
                    "x:copy customers to stdout",
                    "u:truncate customers");
            assertSqlDenied(r.get(1), "DROP", "ddl on customers", "[rule databases[0]]");
            assertSqlDenied(r.get(2), "delete on customers");
            assertSqlDenied(r.get(3), "select on secrets");
            assertSqlDenied(r.get(4), "ddl on secrets");
            assertSqlDenied(r.get(5), "insert on customers");
            assertSqlDenied(r.get(6), "select on secrets");
            assertThat(r.get(7).outcome()).as("COPY TO reads customers: Warden lets it through\n%s", r.get(7).context())
                    .isNotEqualTo("denied");
            assertSqlDenied(r.get(8), "ddl on customers");
            assertThat(server.psql("crm", "select count(*) from customers")).isEqualTo("2");
            assertThat(server.psql("crm", "select count(*) from secrets")).isEqualTo("1");

            ReceivedSpan select = otlp.awaitSpan("SELECT span", ReceivedSpan.named("SELECT customers")
                    .and(ReceivedSpan.withAttr("db.system.name", "postgresql")));
            assertThat(select.attributes()).containsAllEntriesOf(Map.of("db.namespace", "crm",
                    "server.address", "127.0.0.1", "server.port", (long) server.port(), "warden.rule", "databases[0]"));
            // the driver's own socket was allowed by the database rule, with no egress rule at all
            ReceivedSpan socket = awaitConnectSpan(otlp, "127.0.0.1", server.port(), "allow");
            assertThat(socket.str("warden.rule")).isEqualTo("databases[0]");
        }
    }

    @BothJdks
    void theDatabasesSocketNeedsNoEgressRuleAndOpensNothingElse(Jdk jdk) {
        String url = server.url("crm");
        List<AppResult> r = steps(asPostgres(agent(jdk, policy())), "driver-manager", url,
                "q:select count(*) from customers", "socket:127.0.0.1:" + server.port());
        assertThat(r.get(0).isOk()).as(r.get(0).context()).isTrue();
        assertThat(r.get(1).get("rows")).isEqualTo("2");
        assertDenied(r.get(2), CONNECT_EXCEPTION, "127.0.0.1:" + server.port());

        // another database on the same server is another target
        r = steps(asPostgres(agent(jdk, policy())), "driver-manager", server.url("postgres"));
        assertSqlDenied(r.get(0), "connect to database jdbc:postgresql://127.0.0.1:" + server.port() + "/postgres");
        // a parameter that could send the connection elsewhere is refused, whatever the rules
        r = steps(asPostgres(agent(jdk, policy())), "driver-manager",
                url + "?socketFactory=javax.net.DefaultSocketFactory");
        assertSqlDenied(r.get(0), "socketFactory could send the connection elsewhere");
        // the name the app gives is the one decided: localhost is not 127.0.0.1 to the rule
        r = steps(asPostgres(agent(jdk, policy())), "driver-manager", "jdbc:postgresql://localhost:" + server.port() + "/crm");
        assertSqlDenied(r.get(0), "localhost:" + server.port());
    }

    @BothJdks
    void throughAHikariPoolWhoseDriverConnectsOnItsOwnThread(Jdk jdk) {
        // HikariCP sets a login timeout, so pgjdbc connects on a thread of its own
        List<AppResult> r = steps(asPostgres(agent(jdk, policy())), "hikari", server.url("crm"),
                "q:select name from customers order by id", "u:update customers set name = 'x'");
        assertThat(r.get(0).isOk()).as(r.get(0).context()).isTrue();
        assertThat(r.get(1).get("rows")).isEqualTo("ada,bob");
        assertSqlDenied(r.get(2), "update on customers");
    }
}
