package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.DatabaseOperation;
import dev.warden.policy.DatabaseRule;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseRulesTest {

    private final DatabaseRules rules = DatabaseRules.compile(List.of(
            new DatabaseRule("databases[0]", 1, "jdbc:postgresql://127.0.0.1:5432/crm",
                    EnumSet.of(DatabaseOperation.SELECT), List.of("customers", "orders")),
            new DatabaseRule("databases[1]", 4, "jdbc:postgresql://127.0.0.1:5432/crm",
                    EnumSet.of(DatabaseOperation.INSERT), List.of("audit_*")),
            new DatabaseRule("databases[2]", 7, "jdbc:h2:mem:*", EnumSet.of(DatabaseOperation.ANY), List.of())));

    private Verdict decide(String url, String sql) {
        return rules.decide(rules.grant(url, Map.of()), SqlAnalyzer.analyze(sql));
    }

    @Test
    void connectionsOnlyToMatchingNormalisedUrls() {
        assertThat(rules.grant("jdbc:postgresql://127.0.0.1/crm?ssl=false", Map.of()).connectVerdict().rule())
                .isEqualTo("databases[0]");
        assertThat(rules.grant("jdbc:postgresql://127.0.0.1:5432/other", Map.of()).connectVerdict().allowed()).isFalse();
        // a second host the rules do not allow makes the whole URL refused
        assertThat(rules.grant("jdbc:postgresql://127.0.0.1:5432,10.0.0.9:5432/crm", Map.of()).connectVerdict().allowed())
                .isFalse();
        assertThat(rules.grant("jdbc:postgresql://127.0.0.1:5432/crm?socketFactory=x.Evil", Map.of())
                .connectVerdict().reason()).contains("socketFactory");
        assertThat(rules.grant("jdbc:postgresql://127.0.0.1:5432/crm", Map.of("PGHOST", "10.0.0.9"))
                .connectVerdict().allowed()).isFalse();
        assertThat(rules.grant("jdbc:h2:mem:test;INIT=RUNSCRIPT FROM 'x.sql'", Map.of()).connectVerdict().allowed()).isFalse();
    }

    @Test
    void statementsNeedTheOperationOnEveryTable() {
        String crm = "jdbc:postgresql://127.0.0.1:5432/crm";
        assertThat(decide(crm, "select * from customers c join orders o on c.id = o.cid").allowed()).isTrue();
        assertThat(decide(crm, "insert into audit_log values (1)").rule()).isEqualTo("databases[1]");
        Verdict drop = decide(crm, "drop table customers");
        assertThat(drop.allowed()).isFalse();
        assertThat(drop.rule()).isEqualTo("databases[0]");
        assertThat(drop.reason()).startsWith("no databases rule allows ddl on customers");
        assertThat(decide(crm, "select * from secrets").reason()).contains("select on secrets");
        assertThat(decide(crm, "insert into audit_log select * from secrets").allowed()).isFalse();
        assertThat(decide(crm, "select * from customers; delete from orders").allowed()).isFalse();
        assertThat(decide(crm, "select * from public.customers").allowed()).isFalse();
        assertThat(decide(crm, "selec nonsense").reason()).contains("cannot be parsed");
    }

    @Test
    void anyAllowsEverything() {
        assertThat(decide("jdbc:h2:mem:x", "drop table anything").rule()).isEqualTo("databases[2]");
    }

    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/crm";

    private final DatabaseRules withFunctions = DatabaseRules.compile(List.of(
            new DatabaseRule("databases[0]", 1, PG, EnumSet.of(DatabaseOperation.SELECT), List.of("customers"),
                    List.of("pg_stat_file")),
            new DatabaseRule("databases[1]", 2, "jdbc:h2:mem:app", EnumSet.of(DatabaseOperation.ANY), List.of()),
            new DatabaseRule("databases[2]", 3, "jdbc:h2:mem:scripted", EnumSet.of(DatabaseOperation.ANY), List.of(),
                    List.of("runscript")),
            new DatabaseRule("databases[3]", 4, "jdbc:sqlite:/tmp/*.db", EnumSet.of(DatabaseOperation.SELECT), List.of()),
            new DatabaseRule("databases[4]", 5, "jdbc:sqlite:/srv/*.db", EnumSet.of(DatabaseOperation.SELECT), List.of(),
                    List.of("load_extension")),
            new DatabaseRule("databases[5]", 6, "jdbc:h2:mem:tables", EnumSet.of(DatabaseOperation.ANY),
                    List.of("vets"))));

    private Verdict decideWithFunctions(String url, String sql) {
        return withFunctions.decide(withFunctions.grant(url, Map.of()), SqlAnalyzer.analyze(sql));
    }

    @Test
    void harmlessFunctionsNeedNothingServerEffectsNeedTheirName() {
        assertThat(decideWithFunctions(PG, "select lower(name), count(*) from customers").allowed()).isTrue();
        Verdict readFile = decideWithFunctions(PG, "select pg_read_file('/etc/passwd') from customers");
        assertThat(readFile.allowed()).isFalse();
        assertThat(readFile.rule()).isEqualTo("databases[0]");
        assertThat(readFile.reason()).startsWith("no databases rule allows function pg_read_file");
        assertThat(decideWithFunctions(PG, "select pg_stat_file('base') from customers").allowed()).isTrue();
        assertThat(decideWithFunctions(PG, "select query_to_xml('select * from secrets', true, true, '')").allowed())
                .isFalse();
        assertThat(decideWithFunctions(PG, "select lo_export(16400, '/tmp/x')").allowed()).isFalse();
        assertThat(decideWithFunctions(PG, "select * from dblink('host=x', 'select 1') as t(a int)").allowed()).isFalse();
        assertThat(decideWithFunctions(PG, "copy (select * from customers) to '/tmp/leak'").reason())
                .contains("function copy_file");
        assertThat(decideWithFunctions(PG, "copy customers to stdout").allowed()).isTrue();
        // even a rule allowing any on every table does not allow server effects it does not list
        assertThat(decideWithFunctions("jdbc:h2:mem:app", "select file_read('/etc/passwd')").allowed()).isFalse();
        assertThat(decideWithFunctions("jdbc:h2:mem:app", "select * from csvread('/etc/passwd')").allowed()).isFalse();
        assertThat(decideWithFunctions("jdbc:h2:mem:app", "create alias exec as 'void x() {}'").allowed()).isFalse();
        assertThat(decideWithFunctions("jdbc:sqlite:/tmp/a.db", "select load_extension('/tmp/evil.so')").allowed()).isFalse();
        assertThat(decideWithFunctions("jdbc:sqlite:/tmp/a.db", "attach database '/tmp/b.db' as b").allowed()).isFalse();
    }

    @Test
    void theFamilyDecidesWhichNamesAreServerEffects() {
        // csvread is H2's file reader; on PostgreSQL no such function touches the server by default
        assertThat(decideWithFunctions(PG, "select csvread(name) from customers").allowed()).isTrue();
        assertThat(ServerEffects.deniedByDefault("h2")).contains("file_read", "create_alias");
        assertThat(ServerEffects.deniedByDefault("mysql")).contains("pg_read_*", "file_read", "load_extension");
    }

    @Test
    void unparsableSqlOnlyUnderAnyOnEveryTable() {
        String unparsable = "REFRESH MATERIALIZED VIEW CONCURRENTLY stats";
        assertThat(decideWithFunctions("jdbc:h2:mem:app", unparsable).rule()).isEqualTo("databases[1]");
        Verdict restricted = decideWithFunctions("jdbc:h2:mem:tables", unparsable);
        assertThat(restricted.allowed()).isFalse();
        assertThat(restricted.reason()).contains("cannot be decided").contains("only a rule allowing any on every table");
        assertThat(decideWithFunctions(PG, unparsable).allowed()).isFalse();
        assertThat(decideWithFunctions("jdbc:h2:mem:tables", "DROP TABLE vets IF EXISTS").allowed()).isTrue();
    }

    @Test
    void h2InitIsDecidedAsTheSqlItRuns() {
        assertThat(withFunctions.grant("jdbc:h2:mem:app;INIT=CREATE TABLE IF NOT EXISTS t (id INT)\\;SET SCHEMA PUBLIC",
                Map.of()).connectVerdict().allowed()).isTrue();
        Verdict script = withFunctions.grant("jdbc:h2:mem:app;INIT=RUNSCRIPT FROM '/tmp/x.sql'", Map.of()).connectVerdict();
        assertThat(script.allowed()).isFalse();
        assertThat(script.reason()).startsWith("its INIT setting runs SQL that is denied: no databases rule allows function runscript");
        assertThat(withFunctions.grant("jdbc:h2:mem:scripted;INIT=RUNSCRIPT FROM '/tmp/x.sql'", Map.of()).connectVerdict()
                .allowed()).isTrue();
        assertThat(withFunctions.grant("jdbc:h2:mem:tables;INIT=DELETE FROM owners", Map.of()).connectVerdict().allowed())
                .isFalse();
        assertThat(withFunctions.grant("jdbc:h2:mem:app", Map.of("INIT", "")).connectVerdict().allowed()).isFalse();
    }

    @Test
    void sqliteExtensionLoadingNeedsARuleListingIt() {
        assertThat(withFunctions.grant("jdbc:sqlite:/tmp/a.db?enable_load_extension=true", Map.of()).connectVerdict()
                .reason()).startsWith("the URL turns on no databases rule allows function load_extension");
        assertThat(withFunctions.grant("jdbc:sqlite:/tmp/a.db", Map.of("enableLoadExtension", "")).connectVerdict()
                .allowed()).isFalse();
        assertThat(withFunctions.grant("jdbc:sqlite:/tmp/a.db?enable_load_extension=false", Map.of()).connectVerdict()
                .allowed()).isTrue();
        assertThat(withFunctions.grant("jdbc:sqlite:/srv/a.db?enable_load_extension=true", Map.of()).connectVerdict()
                .allowed()).isTrue();
        assertThat(decideWithFunctions("jdbc:sqlite:/srv/a.db", "select load_extension('/srv/ext.so')").allowed()).isTrue();
    }
}
