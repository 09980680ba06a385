package dev.warden.it.harness;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures.SyncToolSpecification;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.McpSyncServerExchange;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.server.transport.StdioServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.CallToolRequest;
import io.modelcontextprotocol.spec.McpSchema.CallToolResult;
import jakarta.servlet.ServletException;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;

/**
 * A real MCP server (the official MCP Java SDK) on loopback for the MCP tests: streamable HTTP at
 * {@code /mcp} in an embedded Tomcat, or stdio ({@link #stdio}). Its tools: {@code lookup_customer}
 * answers, {@code fail_lookup} returns a {@code CallToolResult} with {@code isError},
 * {@code delete_customer} answers too (the tests deny it before it is reached). It keeps every
 * tool call it ran (with its session) and counts the HTTP requests it received.
 */
public final class McpTestServer implements AutoCloseable {

    public static final String LOOKUP = "lookup_customer";
    public static final String FAIL = "fail_lookup";
    public static final String DELETE = "delete_customer";

    /** One tool call the server ran, and the MCP session it came in. */
    public record Received(String tool, String sessionId) {
    }

    private final Tomcat tomcat;
    private final McpSyncServer server;
    private final List<Received> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger httpRequests = new AtomicInteger();

    private McpTestServer(File baseDir) throws LifecycleException {
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .jsonMapper(McpJsonMapper.getDefault()).mcpEndpoint("/mcp").build();
        server = build(McpServer.sync(transport), calls);
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.getAbsolutePath());
        tomcat.setHostname("127.0.0.1");
        tomcat.getConnector().setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", baseDir.getAbsolutePath());
        Tomcat.addServlet(context, "mcp", transport).setAsyncSupported(true);
        context.addServletMappingDecoded("/mcp", "mcp");
        context.getPipeline().addValve(new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                httpRequests.incrementAndGet();
                getNext().invoke(request, response);
            }
        });
        tomcat.start();
    }

    /** The server over streamable HTTP; {@code baseDir} takes Tomcat's work files. */
    public static McpTestServer http(File baseDir) throws LifecycleException {
        return new McpTestServer(baseDir);
    }

    /** The same tools over this process's stdin and stdout, until stdin closes (the stdio server's main). */
    public static McpSyncServer stdio() {
        return build(McpServer.sync(new StdioServerTransportProvider(McpJsonMapper.getDefault())),
                new CopyOnWriteArrayList<>());
    }

    private static McpSyncServer build(McpServer.SyncSpecification<?> server, List<Received> calls) {
        return server.serverInfo("crm-test-server", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(tool(LOOKUP, "Looks up a customer", calls, false),
                        tool(FAIL, "Looks up a customer that does not exist", calls, true),
                        tool(DELETE, "Deletes a customer", calls, false))
                .build();
    }

    private static SyncToolSpecification tool(String name, String description, List<Received> calls, boolean fails) {
        McpSchema.Tool tool = McpSchema.Tool.builder().name(name).description(description)
                .inputSchema(McpJsonMapper.getDefault(),
                        "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}},\"required\":[\"id\"]}")
                .build();
        return SyncToolSpecification.builder().tool(tool).callHandler((McpSyncServerExchange exchange, CallToolRequest request) -> {
            calls.add(new Received(name, exchange.sessionId()));
            String id = String.valueOf(request.arguments().get("id"));
            return fails ? CallToolResult.builder().addTextContent("no customer " + id).isError(true).build()
                    : CallToolResult.builder().addTextContent(name + " " + id + ": Ada Lovelace").build();
        }).build();
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    /** The streamable HTTP endpoint. */
    public String url() {
        return "http://127.0.0.1:" + port() + "/mcp";
    }

    /** The tool calls the server ran, in order. */
    public List<Received> calls() {
        return List.copyOf(calls);
    }

    public int httpRequests() {
        return httpRequests.get();
    }

    @Override
    public void close() throws LifecycleException {
        server.closeGracefully();
        tomcat.stop();
        tomcat.destroy();
    }
}
