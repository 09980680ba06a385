package dev.warden.demo;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * The support team's help desk, an MCP server (the official MCP Java SDK, streamable HTTP at {@code /mcp} in an
 * embedded Tomcat on loopback) with one tool, {@code search_articles}. The demo's app reaches it with LangChain4j's
 * MCP client, as server {@code helpdesk}.
 */
final class HelpdeskMcpServer implements AutoCloseable {

    static final String TOOL = "search_articles";
    /** Held: the JDK keeps loggers weakly, and Tomcat's start and stop lines are not the demo's story. */
    private static final Logger TOMCAT_LOGS = Logger.getLogger("org.apache");

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final List<String> queries = new CopyOnWriteArrayList<>();

    HelpdeskMcpServer(Path baseDir) throws LifecycleException {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonMapper.getDefault()).mcpEndpoint("/mcp").build();
        McpSchema.Tool search = McpSchema.Tool.builder().name(TOOL).description("Search the help desk's articles")
                .inputSchema(McpJsonMapper.getDefault(),
                        "{\"type\":\"object\",\"properties\":{\"query\":{\"type\":\"string\"}},\"required\":[\"query\"]}")
                .build();
        server = McpServer.sync(transport).serverInfo("helpdesk", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(SyncToolSpecification.builder().tool(search).callHandler((exchange, request) -> {
                    queries.add(String.valueOf(request.arguments().get("query")));
                    return CallToolResult.builder()
                            .addTextContent("Article 17, refunds: past day 6, escalate to the billing team with the order id.")
                            .build();
                }).build())
                .build();
        TOMCAT_LOGS.setLevel(Level.SEVERE);
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        tomcat.start();
    }

    int port() {
        return tomcat.getConnector().getLocalPort();
    }

    String url() {
        return "http://127.0.0.1:" + port() + "/mcp";
    }

    /** The queries its tool answered, in order. */
    List<String> queries() {
        return List.copyOf(queries);
    }

    @Override
    public void close() throws LifecycleException {
        server.closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }
}
