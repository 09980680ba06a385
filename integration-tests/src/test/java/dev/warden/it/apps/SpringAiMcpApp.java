package dev.warden.it.apps;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.client.transport.ServerParameters;
import io.modelcontextprotocol.client.transport.StdioClientTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.mcp.SyncMcpToolCallback;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.ai.openai.api.OpenAiApi;
import org.springframework.ai.tool.ToolCallback;
import org.springframework.ai.tool.annotation.Tool;

/**
 * A Spring AI chat client whose tools are an MCP server's (the MCP client named {@code crm}, its
 * callbacks named with Spring AI's client-name prefix) beside local tools (one of which fails). Written with no
 * knowledge of Warden. Same arguments and steps as {@link LangChain4jMcpApp}.
 */
public final class SpringAiMcpApp {

    /** The local tool beside the MCP ones. */
    public static final class LocalTools {
        @Tool(name = "local_note", description = "Notes something")
        public String localNote(String text) {
            return "noted " + text;
        }

        @Tool(name = "local_fail", description = "Fails")
        public String localFail(String text) {
            throw new IllegalStateException("local failure " + text);
        }
    }

    private SpringAiMcpApp() {
    }

    public static void main(String[] args) throws Exception {
        List<String> server = Arrays.asList(args).subList(1, args.length);
        McpSyncClient client;
        try {
            McpClientTransport transport;
            if (server.get(0).equals("http")) {
                URI endpoint = URI.create(server.get(1));
                transport = HttpClientStreamableHttpTransport.builder("http://" + endpoint.getAuthority())
                        .endpoint(endpoint.getPath()).build();
            } else {
                List<String> command = server.subList(1, server.size());
                transport = new StdioClientTransport(ServerParameters.builder(command.get(0))
                        .args(command.subList(1, command.size())).build(), McpJsonMapper.getDefault());
            }
            client = McpClient.sync(transport).clientInfo(new McpSchema.Implementation("crm", "1.0"))
                    .requestTimeout(Duration.ofSeconds(30)).initializationTimeout(Duration.ofSeconds(30)).build();
            client.initialize();
        } catch (Throwable failed) {
            Report.failure(new String[] {"step", "connect"}, Causes.root(failed));
            System.exit(0);
            return;
        }
        Report.ok("step", "connect");
        McpSyncClient connected = client;
        List<ToolCallback> callbacks = client.listTools().tools().stream()
                .map(tool -> (ToolCallback) new SyncMcpToolCallback(connected, tool)).toList();
        OpenAiApi api = OpenAiApi.builder().baseUrl(args[0].replaceFirst("/v1$", "")).apiKey("test-key").build();
        OpenAiChatModel model = OpenAiChatModel.builder().openAiApi(api)
                .defaultOptions(OpenAiChatOptions.builder().model("gpt-4o-mini").build()).build();
        Report.run(new String[] {"step", "answer"}, () -> new String[] {"text",
                ChatClient.create(model).prompt("do the work").toolCallbacks(callbacks).tools(new LocalTools()).call().content()});
        client.closeGracefully();
        System.exit(0);
    }
}
