package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.PostgresServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;

/**
 * What the database server itself does for a statement is decided too: functions and statement
 * forms that write files, read server files or load code need the rule's {@code functions:}; H2's
 * {@code INIT=} is decided as the SQL it runs; SQLite's extension loading needs {@code load_extension}.
 * Each both ways, on real H2, SQLite and PostgreSQL; what is denied leaves no file behind.
 */
class SqlServerEffectsIT extends JdbcTestSupport {

    static PostgresServer server;

    @BeforeAll
    static void startServer() throws Exception {
        Assumptions.assumeTrue(PostgresServer.binaries() != null || System.getenv("CI") != null,
                "no PostgreSQL binaries on this machine");
        server = PostgresServer.start("effects");
        server.psql("effects", "create table customers(id int primary key, name text); insert into customers values (1, 'ada')");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BothJdks
    void anH2FunctionThatWritesAFileNeedsTheRuleToListIt(Jdk jdk) throws Exception {
        String url = "jdbc:h2:file:" + tmp.resolve("fx");
        Path denied = tmp.resolve("denied.csv");
        Path allowed = tmp.resolve("allowed.csv");
        String rule = "url: \"" + url + "\"\nallow: [select, insert, ddl]\ntables: [customers]";

        List<AppResult> refused = steps(agent(jdk, databases(List.of(), rule)), "driver-manager", url,
                "x:create table customers(id int primary key, name varchar(20))",
                "q:select csvwrite('" + denied + "', 'select * from customers')",
                "x:create alias shell for \"java.lang.Runtime.getRuntime\"",
                "x:drop table customers if exists");
        assertThat(refused.get(1).outcome()).as(refused.get(1).context()).isEqualTo("ok");
        assertSqlDenied(refused.get(2), "csvwrite");
        assertSqlDenied(refused.get(3), "create_alias");
        assertThat(refused.get(4).outcome()).as("H2's trailing IF EXISTS is read\n%s", refused.get(4).context()).isEqualTo("ok");
        assertThat(denied).as("the denied function wrote nothing").doesNotExist();

        List<AppResult> listed = steps(agent(jdk, databases(List.of(), rule + "\nfunctions: [csvwrite]")), "driver-manager", url,
                "x:create table customers(id int primary key, name varchar(20))",
                "q:select csvwrite('" + allowed + "', 'select * from customers')");
        assertThat(listed.get(2).outcome()).as(listed.get(2).context()).isEqualTo("ok");
        assertThat(allowed).exists();
    }

    @BothJdks
    void h2InitIsDecidedAsTheSqlItRuns(Jdk jdk) throws Exception {
        String rule = "url: \"jdbc:h2:mem:init\"\nallow: [select, ddl]\ntables: [customers]";
        Path policy = databases(List.of(), rule);

        List<AppResult> allowed = steps(agent(jdk, policy), "driver-manager",
                "jdbc:h2:mem:init;INIT=create table if not exists customers(id int)", "q:select count(*) from customers");
        List<AppResult> refused = steps(agent(jdk, policy), "driver-manager",
                "jdbc:h2:mem:init;INIT=create table secrets(id int)", "q:select 1");

        assertThat(allowed).as(allowed.get(0).context()).allSatisfy(AgentTestSupport::assertOk);
        assertSqlDenied(refused.get(0), "ddl on secrets");
    }

    @BothJdks
    void sqliteExtensionLoadingNeedsARuleThatListsIt(Jdk jdk) throws Exception {
        String file = tmp.resolve("ext.db").toString();
        String plainUrl = "jdbc:sqlite:" + file;
        String loading = plainUrl + "?enable_load_extension=true";
        String rule = "url: \"jdbc:sqlite:" + file + "\"\nallow: [select]";

        List<AppResult> refused = steps(agent(jdk, databases(List.of(), rule)), "driver-manager", loading, "q:select 1");
        List<AppResult> plain = steps(agent(jdk, databases(List.of(), rule)), "driver-manager", plainUrl, "q:select 1");
        List<AppResult> listed = steps(agent(jdk, databases(List.of(), rule + "\nfunctions: [load_extension]")),
                "driver-manager", loading, "q:select 1");

        assertSqlDenied(refused.get(0), "load_extension");
        assertThat(plain).as(plain.get(0).context()).allSatisfy(AgentTestSupport::assertOk);
        assertThat(listed).as(listed.get(0).context()).allSatisfy(AgentTestSupport::assertOk);
    }

    @BothJdks
    void postgresServerFilesAreReachedOnlyThroughListedFunctions(Jdk jdk) throws Exception {
        Path out = Files.createDirectories(tmp.resolve("pg-out"));
        out.toFile().setWritable(true, false);
        Path copied = out.resolve("customers.csv");
        String url = server.url("effects");
        String rule = "url: \"jdbc:postgresql://127.0.0.1:" + server.port() + "/effects\"\nallow: [select]\ntables: [customers]";

        List<AppResult> refused = steps(asPostgres(agent(jdk, databases(List.of(), rule))), "driver-manager", url,
                "x:copy customers to '" + copied + "'",
                "q:select pg_read_file('PG_VERSION')",
                "q:select name from customers");
        assertSqlDenied(refused.get(1), "copy_file");
        assertSqlDenied(refused.get(2), "pg_read_file");
        assertThat(refused.get(3).get("rows")).as(refused.get(3).context()).contains("ada");
        assertThat(copied).as("the server wrote no file").doesNotExist();

        List<AppResult> listed = steps(asPostgres(agent(jdk, databases(List.of(), rule + "\nfunctions: [pg_read_file]"))),
                "driver-manager", url, "q:select pg_read_file('PG_VERSION')");
        assertThat(listed.get(1).outcome()).as(listed.get(1).context()).isEqualTo("ok");
        assertThat(listed.get(1).get("rows")).contains("15");
    }

    private static dev.warden.it.harness.ForkedJvm.Builder asPostgres(dev.warden.it.harness.ForkedJvm.Builder jvm) {
        return jvm.sysProp("app.user", "postgres").sysProp("app.password", "");
    }
}
