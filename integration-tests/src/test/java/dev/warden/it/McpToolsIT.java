package dev.warden.it;

import static dev.warden.it.harness.McpTestServer.DELETE;
import static dev.warden.it.harness.McpTestServer.FAIL;
import static dev.warden.it.harness.McpTestServer.LOOKUP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.ToolScopesIT.Steps;
import dev.warden.it.apps.LangChain4jMcpApp;
import dev.warden.it.apps.McpStdioServerApp;
import dev.warden.it.apps.SpringAiMcpApp;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.McpTestServer;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.ScriptedLlmServer;
import dev.warden.it.harness.ScriptedLlmServer.ToolCall;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.ai.mcp.McpToolUtils;

/**
 * MCP tool calls through the built agent: a LangChain4j AI service with LangChain4j's MCP client
 * and a Spring AI chat client with Spring AI's MCP tool callbacks, against a real MCP server (the
 * official MCP Java SDK) on loopback. Each MCP tool call is a tool scope named as the AI service
 * sees it (Spring AI's with its client-name prefix), so a segment for it holds the MCP client's
 * requests made for it; its {@code execute_tool} span carries the MCP conventions' attributes and
 * an error result marks it; {@code tools:} names MCP tools {@code SERVER.TOOL}. The transports
 * are decided like everything else: streamable HTTP as egress, a stdio server as a process start.
 */
class McpToolsIT extends AgentTestSupport {

    static final String LANGCHAIN4J = ToolScopesIT.LANGCHAIN4J;
    static final String SPRING_AI = ToolScopesIT.SPRING_AI;
    static final String IO_EXCEPTION = "java.io.IOException";

    static Stream<Arguments> libraries() {
        return onBothJdks(List.of(LANGCHAIN4J, SPRING_AI));
    }

    private static Class<?> app(String library) {
        return library.equals(LANGCHAIN4J) ? LangChain4jMcpApp.class : SpringAiMcpApp.class;
    }

    /** The tool's name as the app's AI service sees it: Spring AI prefixes it with the MCP client's name. */
    static String seen(String library, String tool) {
        return library.equals(LANGCHAIN4J) ? tool : McpToolUtils.prefixedToolName("crm", null, tool);
    }

    private static List<ToolCall> script(String library) {
        return List.of(new ToolCall(seen(library, LOOKUP), "{\"id\":\"42\"}"),
                new ToolCall(seen(library, FAIL), "{\"id\":\"7\"}"),
                new ToolCall(seen(library, DELETE), "{\"id\":\"42\"}"),
                new ToolCall("local_note", "{\"text\":\"hi\"}"),
                new ToolCall("local_fail", "{\"text\":\"x\"}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void eachMcpToolCallIsAToolScopeAndItsSpanSaysMcp(Jdk jdk, String library) throws Exception {
        try (McpTestServer mcp = McpTestServer.http(Files.createDirectories(tmp.resolve("tomcat")).toFile());
                OtlpReceiver otlp = OtlpReceiver.http();
                ScriptedLlmServer llm = ScriptedLlmServer.start(script(library))) {
            Path policy = policy("""
                    policy: it-mcp
                    mode: enforce
                    egress:
                      - to: "127.0.0.1:%1$d"
                      - to: "127.0.0.1:%2$d"
                    segments:
                      - tool: %3$s
                        egress: [ { to: "127.0.0.1:%2$d", http: { paths: ["/mcp"] } } ]
                      - tool: %4$s
                        egress: []
                    """.formatted(llm.port(), mcp.port(), seen(library, LOOKUP), seen(library, DELETE)));

            Steps with = ToolScopesIT.steps(withAgent(jdk, policy, otlp).timeout(ToolScopesIT.AI_APP_TIMEOUT)
                    .main(app(library), llm.baseUrl(), "http", mcp.url()));

            assertOk(with.get("connect"));
            assertThat(with.get("answer").get("text")).isEqualTo("done with 5 tool results");
            // the segment of the delete tool holds the MCP client's request for it: the server never runs it
            assertThat(mcp.calls()).extracting(McpTestServer.Received::tool).containsExactly(LOOKUP, FAIL);
            String toolResults = String.join("\n", llm.bodies());
            assertThat(toolResults).contains(LOOKUP + " 42: Ada Lovelace").contains("no customer 7").contains("noted hi");

            ReceivedSpan lookup = toolSpan(otlp, seen(library, LOOKUP));
            assertMcp(lookup, LOOKUP);
            assertThat(lookup.attributes()).doesNotContainKey("error.type");
            assertThat(lookup.str("mcp.session.id")).as("the streamable HTTP session").isNotBlank()
                    .isEqualTo(mcp.calls().get(0).sessionId());
            if (library.equals(LANGCHAIN4J)) {
                assertThat(lookup.str("gen_ai.tool.call.id")).isEqualTo("call_1");
            }
            ReceivedSpan post = childOf(otlp, lookup, "POST");
            assertDecision(post, "allow", "egress[1]");
            assertThat(post.str("warden.scope")).isEqualTo("tool " + seen(library, LOOKUP));

            ReceivedSpan failed = toolSpan(otlp, seen(library, FAIL));
            assertMcp(failed, FAIL);
            assertThat(failed.str("error.type")).as("an isError result: %s", failed).isEqualTo("tool_error");
            assertThat(failed.statusCode()).isEqualTo("ERROR");

            ReceivedSpan deleted = toolSpan(otlp, seen(library, DELETE));
            assertMcp(deleted, DELETE);
            assertThat(deleted.statusCode()).isEqualTo("ERROR");
            ReceivedSpan deniedPost = childOf(otlp, deleted, "POST");
            assertThat(deniedPost.str("warden.decision")).isEqualTo("deny");
            assertThat(deniedPost.str("warden.scope")).isEqualTo("tool " + seen(library, DELETE));

            ReceivedSpan local = toolSpan(otlp, "local_note");
            assertThat(local.attributes()).doesNotContainKeys("mcp.method.name", "warden.mcp.server", "error.type");
            // a local tool that threw: LangChain4j's error handler made it the LLM's result, Spring AI rethrew it
            ReceivedSpan localFailed = toolSpan(otlp, "local_fail");
            assertThat(localFailed.statusCode()).isEqualTo("ERROR");
            assertThat(localFailed.str("error.type")).isEqualTo(library.equals(LANGCHAIN4J) ? "tool_error"
                    : "org.springframework.ai.tool.execution.ToolExecutionException");
        }
    }

    /**
     * {@code tools:} names an MCP tool {@code SERVER.TOOL} (the server as the app's MCP client names
     * it): {@code crm.lookup_*} lets the lookups run and refuses the other MCP tools and the local one
     * before anything is sent; the LLM reads Warden's denial as their result.
     */
    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void theToolsSectionMatchesMcpToolsByServerAndName(Jdk jdk, String library) throws Exception {
        try (McpTestServer mcp = McpTestServer.http(Files.createDirectories(tmp.resolve("tomcat")).toFile());
                OtlpReceiver otlp = OtlpReceiver.http();
                ScriptedLlmServer llm = ScriptedLlmServer.start(script(library))) {
            Path policy = policy("""
                    policy: it-mcp-tools
                    mode: enforce
                    egress:
                      - to: "127.0.0.1:%1$d"
                      - to: "127.0.0.1:%2$d"
                    tools:
                      - name: "crm.lookup_*"
                    """.formatted(llm.port(), mcp.port()));

            Steps with = ToolScopesIT.steps(withAgent(jdk, policy, otlp).timeout(ToolScopesIT.AI_APP_TIMEOUT)
                    .main(app(library), llm.baseUrl(), "http", mcp.url()));

            assertThat(with.get("answer").get("text")).isEqualTo("done with 5 tool results");
            assertThat(mcp.calls()).extracting(McpTestServer.Received::tool).containsExactly(LOOKUP);
            String conversation = String.join("\n", llm.bodies());
            assertThat(conversation).contains(LOOKUP + " 42: Ada Lovelace")
                    .contains("warden: denied tool call " + seen(library, FAIL))
                    .contains("warden: denied tool call " + seen(library, DELETE))
                    .contains("warden: denied tool call local_note: no tools rule allows this tool [rule default-deny]")
                    .doesNotContain("noted hi");
            assertThat(toolSpan(otlp, seen(library, LOOKUP)).attributes())
                    .containsEntry("warden.decision", "allow").containsEntry("warden.rule", "tools[0]");
            ReceivedSpan refused = toolSpan(otlp, seen(library, DELETE));
            assertMcp(refused, DELETE);
            assertThat(refused.attributes()).containsEntry("warden.decision", "deny");
            assertThat(toolSpan(otlp, "local_note").attributes()).containsEntry("warden.decision", "deny");
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void anMcpServerTheEgressRulesDoNotListIsNeverReached(Jdk jdk, String library) throws Exception {
        try (McpTestServer mcp = McpTestServer.http(Files.createDirectories(tmp.resolve("tomcat")).toFile());
                OtlpReceiver otlp = OtlpReceiver.http();
                ScriptedLlmServer llm = ScriptedLlmServer.start(script(library))) {
            Path policy = enforce("to: \"127.0.0.1:" + llm.port() + "\"");

            Steps with = ToolScopesIT.steps(withAgent(jdk, policy, otlp).timeout(ToolScopesIT.AI_APP_TIMEOUT)
                    .main(app(library), llm.baseUrl(), "http", mcp.url()));

            assertDenied(with.get("connect"), CONNECT_EXCEPTION, "127.0.0.1:" + mcp.port());
            assertThat(mcp.httpRequests()).as("requests the MCP server received").isZero();
            assertThat(llm.requests()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("libraries")
    void aStdioServerIsAProcessStartTheProcessRulesDecide(Jdk jdk, String library) throws Exception {
        List<String> command = List.of(jdk.javaExecutable().toString(), "-cp",
                ForkedJvm.testClasspath().stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)),
                McpStdioServerApp.class.getName());
        List<ToolCall> lookupOnly = List.of(new ToolCall(seen(library, LOOKUP), "{\"id\":\"42\"}"));
        List<String> args = new ArrayList<>(List.of("", "stdio"));
        args.addAll(command);
        try (OtlpReceiver otlp = OtlpReceiver.http(); ScriptedLlmServer llm = ScriptedLlmServer.start(lookupOnly)) {
            args.set(0, llm.baseUrl());
            String llmRule = "egress:\n  - to: \"127.0.0.1:" + llm.port() + "\"\n";
            Path allowing = policy("policy: it-mcp\nmode: enforce\n" + llmRule + "processes:\n  - command: "
                    + command.stream().map(arg -> "\"" + arg + "\"").collect(Collectors.joining(", ", "[", "]")) + "\n");

            Steps allowed = ToolScopesIT.steps(withAgent(jdk, allowing, otlp).timeout(ToolScopesIT.AI_APP_TIMEOUT)
                    .main(app(library), args.toArray(String[]::new)));
            assertOk(allowed.get("connect"));
            assertThat(allowed.get("answer").get("text")).isEqualTo("done with 1 tool results");
            assertThat(String.join("\n", llm.bodies())).contains(LOOKUP + " 42: Ada Lovelace");
            ReceivedSpan lookup = toolSpan(otlp, seen(library, LOOKUP));
            assertMcp(lookup, LOOKUP);
            assertThat(lookup.attributes()).doesNotContainKey("mcp.session.id");

            int llmRequests = llm.requests().size();
            Path denying = policy("policy: it-mcp\nmode: enforce\n" + llmRule);
            Steps denied = ToolScopesIT.steps(withAgent(jdk, denying, otlp).timeout(ToolScopesIT.AI_APP_TIMEOUT)
                    .main(app(library), args.toArray(String[]::new)));
            if (library.equals(LANGCHAIN4J)) {
                assertDenied(denied.get("connect"), IO_EXCEPTION, "start of process [" + command.get(0));
            } else {
                // the MCP SDK's stdio transport drops the start's exception: its client times out
                assertThat(denied.get("connect").outcome()).isEqualTo("error");
                assertThat(denied.get("connect").type()).isEqualTo("java.util.concurrent.TimeoutException");
            }
            otlp.awaitSpan("the refused start", ReceivedSpan.named("exec").and(ReceivedSpan.withAttr("warden.decision", "deny")));
            assertThat(llm.requests()).hasSize(llmRequests);
        }
    }

    private static void assertMcp(ReceivedSpan tool, String serverTool) {
        assertThat(tool.kind()).isEqualTo("INTERNAL");
        assertThat(tool.attributes()).containsEntry("gen_ai.operation.name", "execute_tool")
                .containsEntry("mcp.method.name", "tools/call")
                .containsEntry("warden.mcp.server", "crm")
                .containsEntry("warden.mcp.tool", serverTool);
        assertThat(tool.str("gen_ai.tool.name")).isEqualTo(tool.name().substring("execute_tool ".length()));
    }

    private static ReceivedSpan toolSpan(OtlpReceiver otlp, String name) {
        return otlp.awaitSpan("execute_tool " + name, ReceivedSpan.named("execute_tool " + name));
    }

    private static ReceivedSpan childOf(OtlpReceiver otlp, ReceivedSpan parent, String name) {
        return otlp.awaitSpan(name + " under " + parent,
                ReceivedSpan.named(name).and(s -> s.parentSpanId().equals(parent.spanId())));
    }
}
