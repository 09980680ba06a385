package dev.warden.demo;

import dev.langchain4j.mcp.McpToolProvider;
import dev.langchain4j.mcp.client.DefaultMcpClient;
import dev.langchain4j.mcp.client.McpClient;
import dev.langchain4j.mcp.client.transport.http.StreamableHttpMcpTransport;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.service.SystemMessage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * A customer-support AI agent built with LangChain4j, written with no knowledge of Warden. At start it reads its
 * LLM API key from its secrets directory and sets up its CRM database; then one AI-service call answers a ticket,
 * and the LLM drives the tools of {@link SupportTools} and those of the team's help desk, an MCP server, in a loop.
 *
 * <p>Arguments: the workspace directory, the LLM provider's base URL ({@code http://host:port/v1}), the help desk's
 * MCP endpoint (streamable HTTP).
 */
public final class SupportAgentApp {

    /** The CRM the agent works on; in memory, so the demo leaves nothing behind. */
    static final String CRM_URL = "jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1";

    interface SupportAssistant {
        @SystemMessage("You are a support agent. Use the tools to read tickets, look up customers, consult the help centre "
                + "and save a note for the team.")
        String answer(String request);
    }

    private SupportAgentApp() {
    }

    public static void main(String[] args) throws Exception {
        Path workspace = Path.of(args[0]);
        String apiKey = Files.readString(workspace.resolve("secrets/llm-api-key"), StandardCharsets.UTF_8).strip();
        // what the app itself holds of its LLM key: the demo shows it is a placeholder, the real key is Warden's
        System.out.println("app: configured API key " + apiKey + "; LLM_API_KEY in its environment: "
                + (System.getenv("LLM_API_KEY") == null ? "absent" : "present"));
        McpClient helpdesk = new DefaultMcpClient.Builder().key("helpdesk")
                .transport(StreamableHttpMcpTransport.builder().url(args[2]).build())
                .toolExecutionTimeout(Duration.ofSeconds(30)).build();
        try (Connection crm = DriverManager.getConnection(CRM_URL); helpdesk) {
            createCrm(crm);
            SupportAssistant assistant = AiServices.builder(SupportAssistant.class)
                    .chatModel(OpenAiChatModel.builder().baseUrl(args[1]).apiKey(apiKey).modelName("gpt-4o-mini")
                            .maxRetries(0).build())
                    .tools(new SupportTools(workspace, crm))
                    .toolProvider(McpToolProvider.builder().mcpClients(helpdesk).build())
                    .build();
            String answer = assistant.answer("Ticket 42 needs a reply. Summarise it and save a note for the team.");
            System.out.println("assistant: " + answer);
            System.out.println("crm: customers table has " + count(crm, "customers") + " rows, api_keys has "
                    + count(crm, "api_keys"));
        }
    }

    private static void createCrm(Connection crm) throws SQLException {
        try (Statement statement = crm.createStatement()) {
            statement.execute("CREATE TABLE customers (id INT PRIMARY KEY, name VARCHAR(80), email VARCHAR(120), plan VARCHAR(20))");
            statement.execute("CREATE TABLE api_keys (service VARCHAR(40), secret VARCHAR(200))");
            statement.execute("INSERT INTO customers VALUES (42, 'Alice Martin', 'alice.martin@example.com', 'pro'), "
                    + "(43, 'Bob Stone', 'bob.stone@example.org', 'free'), (44, 'Chen Li', 'chen.li@example.net', 'pro')");
            statement.execute("INSERT INTO api_keys VALUES ('payments', 'sk-live-4242424242424242424242'), "
                    + "('anthropic', 'sk-ant-api03-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghij')");
        }
    }

    private static String count(Connection crm, String table) {
        try (Statement statement = crm.createStatement();
                ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rows.next();
            return Integer.toString(rows.getInt(1));
        } catch (SQLException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }
}
