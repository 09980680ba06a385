package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;
import dev.warden.bootstrap.ToolCall;
import dev.warden.bootstrap.ToolDenied;
import dev.warden.policy.decide.ToolUse;

/**
 * An AI tool call about to run (action {@code execute}, target the tool's name as the app's AI service
 * sees it; for an MCP tool, detail {@code mcp SERVER.TOOL}). Its arguments are decided, never recorded:
 * they are the LLM's text. A denial is a {@link ToolDenied}, which the advice makes the AI library
 * report as the tool's error.
 */
public record ToolInvocation(ToolCall tool) implements AccessRequest<ToolDenied> {

    /** What the policy engine decides. */
    public ToolUse use() {
        return tool.isMcp()
                ? ToolUse.mcp(tool.name(), tool.mcpServer(), tool.mcpTool(), tool.arguments())
                : ToolUse.local(tool.name(), tool.arguments());
    }

    @Override
    public String kind() {
        return DecisionRecorder.TOOL;
    }

    @Override
    public String action() {
        return "execute";
    }

    @Override
    public String target() {
        return tool.name();
    }

    @Override
    public String detail() {
        return tool.isMcp() ? "mcp " + tool.mcpServer() + "." + tool.mcpTool() : null;
    }

    @Override
    public String denied() {
        return "tool call " + tool.name() + (tool.isMcp() ? " (MCP tool " + tool.mcpServer() + "." + tool.mcpTool() + ")" : "");
    }

    @Override
    public ToolDenied denial(String message) {
        return new ToolDenied(message);
    }
}
