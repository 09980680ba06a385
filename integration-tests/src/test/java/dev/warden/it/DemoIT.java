package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.demo.AgentDemo;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.WardenAgent;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;
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
        assertThat(outcome.tokensSent()).as("tokens that stood in for the e-mail and the card").isGreaterThanOrEqualTo(2);
        assertThat(outcome.note().encrypted()).as("the note on disk is ciphertext").isTrue();
        assertThat(outcome.exported()).as("export_customers, not in tools:, never ran").isFalse();
        assertThat(output).as("its body printed nothing").doesNotContain("  | tool export_customers");
        assertThat(outcome.unlistedToolResult()).as("what the LLM was told instead").contains("warden: denied")
                .contains("export_customers");
        assertThat(outcome.llmAuthorizations()).as("every request reached the provider with the real key, put in by Warden")
                .hasSize(outcome.llmBodies().size()).containsOnly("Bearer " + AgentDemo.API_KEY);
        assertThat(outcome.appHeldOnlyThePlaceholder()).as(output).isTrue();
        assertThat(outcome.helpdeskQueries()).as("the MCP tool's calls the help desk answered").containsExactly("refund escalation");
        assertThat(output).as("the real key is in no line the app or the demo printed").doesNotContain(AgentDemo.API_KEY);
        assertThat(outcome.spans()).as("nor in any span").noneMatch(span -> span.toString().contains(AgentDemo.API_KEY));
        assertTraceTellsTheConversation(outcome.spans(), output);
        assertThat(output).contains("[warden] enforcing bundle \"support-agent\" revision 1 signed by ")
                .contains("assistant: Ticket 42 is from " + AgentDemo.CUSTOMER_EMAIL)
                .contains("as claimed: the legitimate work was done, the injected steps were denied");
    }

    /** One trace: the agent's call, its chat spans over their HTTP spans, its tools over the accesses they made. */
    private static void assertTraceTellsTheConversation(List<ReceivedSpan> spans, String output) {
        ReceivedSpan agent = only(spans, s -> s.name().equals("invoke_agent SupportAssistant"), output);
        assertThat(agent.str("gen_ai.operation.name")).isEqualTo("invoke_agent");
        List<ReceivedSpan> chats = childrenOf(agent, spans, "chat gpt-4o-mini");
        List<ReceivedSpan> tools = childrenOf(agent, spans, "execute_tool ");
        assertThat(chats).as(output).hasSize(11).allSatisfy(chat -> {
            assertThat(chat.traceId()).isEqualTo(agent.traceId());
            assertThat(chat.str("gen_ai.provider.name")).isEqualTo("openai");
            assertThat(chat.str("gen_ai.request.model")).isEqualTo("gpt-4o-mini");
            assertThat(chat.str("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
            assertThat(chat.lng("gen_ai.usage.output_tokens")).isEqualTo(24L);
            assertThat(chat.attr("gen_ai.input.messages")).as("prompts are recorded only on opt-in").isNull();
            assertThat(childrenOf(chat, spans, "POST")).singleElement()
                    .satisfies(post -> assertThat(post.str("url.full")).endsWith("/v1/chat/completions"));
        });
        assertThat(tools).as(output).extracting(s -> s.str("gen_ai.tool.name")).containsExactly("read_file",
                "query_database", "read_file", "query_database", "query_database", "fetch_url", "export_customers", "fetch_url",
                "search_articles", "write_note");
        assertThat(tools).extracting(s -> s.str("gen_ai.tool.call.id")).startsWith("call_1", "call_2");
        assertThat(childrenOf(tools.get(2), spans, "file read")).singleElement()
                .satisfies(read -> assertThat(read.str("warden.decision")).isEqualTo("deny"));
        assertThat(childrenOf(tools.get(4), spans, "DROP")).singleElement()
                .satisfies(drop -> assertThat(drop.str("warden.rule")).isEqualTo("segments[1].databases[0]"));
        assertThat(childrenOf(tools.get(5), spans, "GET")).singleElement()
                .satisfies(get -> assertThat(get.str("warden.scope")).isEqualTo("tool fetch_url"));
        assertThat(tools.get(6).str("warden.decision")).as("the unlisted tool's span says it was denied").isEqualTo("deny");
        assertThat(childrenOf(tools.get(6), spans, "")).as("nothing ran inside it").isEmpty();
        assertThat(tools.get(8).str("mcp.method.name")).as("the help desk's tool ran over MCP").isEqualTo("tools/call");
        assertThat(tools.get(8).str("warden.mcp.server")).isEqualTo("helpdesk");
        assertThat(tools.get(8).str("warden.rule")).as("allowed by tools: \"helpdesk.*\"").isEqualTo("tools[4]");
        assertThat(childrenOf(tools.get(8), spans, "POST")).as("its MCP request, made in the tool's scope").isNotEmpty()
                .allSatisfy(post -> assertThat(post.str("url.full")).endsWith("/mcp"));
        assertThat(childrenOf(tools.get(9), spans, "file create")).hasSize(1);
    }

    private static ReceivedSpan only(List<ReceivedSpan> spans, Predicate<ReceivedSpan> which, String output) {
        List<ReceivedSpan> found = spans.stream().filter(which).toList();
        assertThat(found).as(output).hasSize(1);
        return found.get(0);
    }

    private static List<ReceivedSpan> childrenOf(ReceivedSpan parent, List<ReceivedSpan> spans, String namePrefix) {
        return spans.stream().filter(s -> s.parentSpanId().equals(parent.spanId()) && s.name().startsWith(namePrefix))
                .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
    }
}
