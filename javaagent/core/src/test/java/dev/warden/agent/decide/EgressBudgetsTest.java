package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyParser;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class EgressBudgetsTest {

    private final AtomicLong now = new AtomicLong();

    private EgressBudgets budgets(String limits) throws Exception {
        return EgressBudgets.of(PolicyParser.parse("policy: p\nmode: enforce\negress:\n"
                + "  - to: \"api.example.com:443\"\n    limits: " + limits + "\n"
                + "  - to: \"other.example.com:443\"\n", "p.yaml"), now::get);
    }

    @Test
    void aBurstUpToTheLimitPassesThenRequestsAreDeniedUntilTheBucketRefills() throws Exception {
        EgressBudgets budgets = budgets("{ requests_per_minute: 3 }");
        for (int i = 0; i < 3; i++) {
            assertThat(budgets.takeRequest("egress[0]", true)).isNull();
        }
        assertThat(budgets.takeRequest("egress[0]", true)).isEqualTo("over budget: more than 3 requests per minute");
        assertThat(budgets.takeRequest("egress[1]", true)).as("a rule without limits").isNull();

        now.addAndGet(20_000_000_000L); // a third of a minute: one request's worth
        assertThat(budgets.takeRequest("egress[0]", true)).isNull();
        assertThat(budgets.takeRequest("egress[0]", true)).isNotNull();
    }

    @Test
    void connectionsCountOnlyUntilTheRuleIsSeenAtUrlLevel() throws Exception {
        EgressBudgets budgets = budgets("{ requests_per_minute: 1 }");
        assertThat(budgets.budgetsBytes()).as("no bytes-out budget: writes need not be counted").isFalse();
        assertThat(budgets.takeRequest("egress[0]", false)).isNull();
        assertThat(budgets.takeRequest("egress[0]", false)).isEqualTo("over budget: more than 1 connections per minute");

        now.addAndGet(60_000_000_000L);
        assertThat(budgets.takeRequest("egress[0]", true)).isNull();
        assertThat(budgets.takeRequest("egress[0]", false)).as("the URL-level client's own connection").isNull();
    }

    @Test
    void bytesOutAreBudgetedSeparately() throws Exception {
        EgressBudgets budgets = budgets("{ bytes_out_per_minute: 1000 }");
        assertThat(budgets.budgetsBytes()).isTrue();
        budgets.spendBytes("egress[0]", 800);
        assertThat(budgets.bytesRefused("egress[0]")).as("room left").isNull();
        budgets.spendBytes("egress[0]", 300); // a write may overdraw
        assertThat(budgets.bytesRefused("egress[0]")).isEqualTo("over budget: more than 1000 bytes out per minute");
        now.addAndGet(6_000_000_000L); // a tenth of a minute: 100 bytes back, the overdraft paid
        assertThat(budgets.bytesRefused("egress[0]")).isEqualTo("over budget: more than 1000 bytes out per minute");
        now.addAndGet(6_000_000_000L);
        assertThat(budgets.bytesRefused("egress[0]")).isNull();
        assertThat(budgets.takeRequest("egress[0]", true)).as("no request limit").isNull();
    }
}
