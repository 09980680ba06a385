package dev.warden.it.apps;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.McpTransport;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.mcp.client.transport.stdio.StdioMcpTransport;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A LangChain4j AI service whose tools come from an MCP server (the client keyed {@code crm})
 * beside local tools (one of which fails), talking to a scripted OpenAI-compatible server that asks for tool calls.
 * Written with no knowledge of Warden.
 *
 * <p>Arguments: the LLM's base URL, then {@code http URL} (streamable HTTP) or
 * {@code stdio COMMAND...} (a server process). Reports step {@code connect} (the MCP client's
 * start), then {@code answer}.
 */
public final class LangChain4jMcpApp {

    interface Assistant {
        String chat(String message);
    }

    /** The local tool beside the MCP ones. */
    public static final class LocalTools {
        @Tool(name = "local_note", value = "Notes something")
        public String localNote(@P(name = "text", value = "the text") String text) {
            return "noted " + text;
        }

        @Tool(name = "local_fail", value = "Fails")
        public String localFail(@P(name = "text", value = "the text") String text) {
            throw new IllegalStateException("local failure " + text);
        }
    }

    private LangChain4jMcpApp() {
    }

    public static void main(String[] args) throws Exception {
        List<String> server = Arrays.asList(args).subList(1, args.length);
        McpClient client;
        try {
            McpTransport transport = server.get(0).equals("http")
                    ? StreamableHttpMcpTransport.builder().url(server.get(1)).build()
                    : StdioMcpTransport.builder().command(server.subList(1, server.size())).build();
            client = new DefaultMcpClient.Builder().key("crm").transport(transport)
                    .initializationTimeout(Duration.ofSeconds(30)).toolExecutionTimeout(Duration.ofSeconds(30)).build();
        } catch (Throwable failed) {
            Report.failure(new String[] {"step", "connect"}, Causes.root(failed));
            System.exit(0);
            return;
        }
        Report.ok("step", "connect");
        OpenAiChatModel model = OpenAiChatModel.builder().baseUrl(args[0]).apiKey("test-key").modelName("gpt-4o-mini").build();
        Assistant assistant = AiServices.builder(Assistant.class).chatModel(model)
                .toolProvider(McpToolProvider.builder().mcpClients(client).build()).tools(new LocalTools()).build();
        Report.run(new String[] {"step", "answer"}, () -> new String[] {"text", assistant.chat("do the work")});
        client.close();
        System.exit(0);
    }
}
