package dev.warden.policy.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySections;
import dev.warden.policy.ToolRule;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ToolLearnerTest {

    @Test
    void suggestsTheToolsSeenByNameWithAnyArguments() throws Exception {
        RuleLearner learner = PolicySections.TOOLS.newLearner();
        learner.observe("execute", "search_orders", null);
        learner.observe("execute", "crm_lookup", "mcp crm.lookup");
        learner.observe("execute", "search_orders", null);
        StringBuilder yaml = new StringBuilder("policy: p\n");
        learner.write(yaml, "", Map.of());

        assertThat(yaml.toString()).isEqualTo("policy: p\ntools:\n  - name: \"crm_lookup\"\n  - name: \"search_orders\"\n");
        assertThat(PolicyParser.parse(yaml.toString(), "suggested").rules().get(PolicySections.TOOLS).rules())
                .extracting(ToolRule::name).containsExactly("crm_lookup", "search_orders");
    }

    @Test
    void writesNothingWhenNoToolRan() {
        StringBuilder yaml = new StringBuilder();
        PolicySections.TOOLS.newLearner().write(yaml, "", Map.of());
        assertThat(yaml).isEmpty();
    }
}
