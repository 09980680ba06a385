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
}
