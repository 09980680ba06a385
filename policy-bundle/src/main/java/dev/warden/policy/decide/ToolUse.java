package dev.warden.policy.decide;

/**
 * One AI tool call, as the {@code tools:} section decides it.
 *
 * @param name the tool's name as the app's AI service sees it (and the LLM calls it by)
 * @param mcpServer for a tool an MCP server runs, the server's name; else null
 * @param mcpTool for a tool an MCP server runs, the tool's name on that server; else null
 * @param arguments the call's arguments as the JSON text the LLM sent, or null when the library has none
 */
public record ToolUse(String name, String mcpServer, String mcpTool, String arguments) {

    public static ToolUse local(String name, String arguments) {
        return new ToolUse(name, null, null, arguments);
    }

    public static ToolUse mcp(String name, String server, String serverTool, String arguments) {
        return new ToolUse(name, server, serverTool, arguments);
    }

    /** {@code SERVER.TOOL} for a tool an MCP server runs, else null. */
    public String mcpName() {
        return mcpServer == null || mcpTool == null ? null : mcpServer + "." + mcpTool;
    }
}
