package dev.warden.bootstrap;

/**
 * One AI tool call, as the advice in an AI library describes it to {@link ScopeBridge#toolStarted}:
 * the tool's name as the app's AI service sees it, the call's id and JSON arguments where the library
 * has them, and, for a tool a remote MCP server runs, that server's name, the tool's name on it and
 * the MCP session. Immutable; advice builds one per call.
 */
public final class ToolCall {

    private final String name;
    private final String callId;
    private final String arguments;
    private final String mcpServer;
    private final String mcpTool;
    private final String mcpSessionId;

    private ToolCall(String name, String callId, String arguments, String mcpServer, String mcpTool,
            String mcpSessionId) {
        this.name = name;
        this.callId = callId;
        this.arguments = arguments;
        this.mcpServer = mcpServer;
        this.mcpTool = mcpTool;
        this.mcpSessionId = mcpSessionId;
    }

    /** A tool the app runs itself; {@code callId} and {@code arguments} may be null. */
    public static ToolCall local(String name, String callId, String arguments) {
        return new ToolCall(name, callId, arguments, null, null, null);
    }

    /**
     * A tool MCP server {@code server} runs, named {@code serverTool} there; {@code sessionId} is
     * null when the transport has none.
     */
    public static ToolCall mcp(String name, String callId, String arguments, String server, String serverTool,
            String sessionId) {
        return new ToolCall(name, callId, arguments, server, serverTool, sessionId);
    }

    /** The name the app's AI service gives the tool (and the LLM calls it by). */
    public String name() {
        return name;
    }

    public String callId() {
        return callId;
    }

    /** The call's arguments as the JSON text the LLM sent, or null. */
    public String arguments() {
        return arguments;
    }

    public boolean isMcp() {
        return mcpServer != null;
    }

    /** The MCP server's name (the client's name for it), or null for a local tool. */
    public String mcpServer() {
        return mcpServer;
    }

    /** The tool's name on its MCP server, or null for a local tool. */
    public String mcpTool() {
        return mcpTool;
    }

    public String mcpSessionId() {
        return mcpSessionId;
    }
}
