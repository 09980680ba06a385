package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.demo.AgentDemo;
import dev.warden.it.harness.WardenAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The README's first command shows what the README says it shows. */
class DemoIT {

    @Test
    void theLegitimateToolCallsWorkTheInjectedOnesAreDeniedPerToolAndTheProviderSeesNoPersonalData() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();

        AgentDemo.Outcome outcome = AgentDemo.run(WardenAgent.jar(), null, new PrintStream(printed, true, StandardCharsets.UTF_8));

        String output = printed.toString(StandardCharsets.UTF_8);
        assertThat(outcome.asClaimed()).as(output).isTrue();
        assertThat(outcome.toolLines()).as(output).hasSize(8);
        assertThat(outcome.toolLines().get(0)).startsWith("ok read_file data/tickets/ticket-42.txt");
        assertThat(outcome.toolLines().get(1)).startsWith("ok query_database SELECT name, email, plan FROM customers");
        assertThat(outcome.toolLines().get(2)).startsWith("FAILED read_file secrets/llm-api-key").contains("tool read_file");
        assertThat(outcome.toolLines().get(3)).startsWith("FAILED query_database SELECT * FROM api_keys").contains("tool query_database");
        assertThat(outcome.toolLines().get(4)).startsWith("FAILED query_database DROP TABLE customers").contains("tool query_database");
        assertThat(outcome.toolLines().get(5)).startsWith("FAILED fetch_url http://127.0.0.1:").contains("warden: denied");
        assertThat(outcome.toolLines().get(6)).startsWith("ok fetch_url http://127.0.0.1:").contains("/docs/refunds");
        assertThat(outcome.toolLines().get(7)).startsWith("ok write_note ticket-42");
        assertThat(outcome.inClear(AgentDemo.CUSTOMER_EMAIL)).as("requests that showed the provider the e-mail").isZero();
        assertThat(outcome.inClear(AgentDemo.CARD_NUMBER)).as("requests that showed the provider the card number").isZero();
        assertThat(output).contains("[warden] enforcing bundle \"support-agent\" revision 1 signed by ")
                .contains("assistant: Ticket 42 is from " + AgentDemo.CUSTOMER_EMAIL)
                .contains("as claimed: the legitimate work was done, the injected steps were denied");
    }
}
