package dev.warden.agent.record;

import dev.warden.bootstrap.ToolCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.function.Supplier;

/**
 * One {@code execute_tool {tool}} span per AI tool execution (GenAI semantic conventions), the
 * parent of every access span made while the tool runs, on its thread and the threads it hands
 * work to. A tool an MCP server runs also carries the MCP conventions' attributes of a
 * {@code tools/call} ({@code mcp.method.name}, {@code mcp.session.id} where the transport has
 * one) and Warden's names for the server and the tool's own name there.
 */
public final class ToolSpans {

    static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> GEN_AI_TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> GEN_AI_TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
    static final AttributeKey<String> MCP_METHOD_NAME = AttributeKey.stringKey("mcp.method.name");
    static final AttributeKey<String> MCP_SESSION_ID = AttributeKey.stringKey("mcp.session.id");
    static final AttributeKey<String> WARDEN_MCP_SERVER = AttributeKey.stringKey("warden.mcp.server");
    static final AttributeKey<String> WARDEN_MCP_TOOL = AttributeKey.stringKey("warden.mcp.tool");
    /** The MCP conventions' {@code error.type} of a call whose result has {@code isError}. */
    static final String TOOL_ERROR = "tool_error";

    private final Supplier<Tracer> tracer;

    public ToolSpans(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** Starts the span as a child of the current one. */
    public Span start(ToolCall tool) {
        var builder = tracer.get().spanBuilder("execute_tool " + tool.name())
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current())
                .setAttribute(WardenAttributes.GEN_AI_OPERATION_NAME, "execute_tool")
                .setAttribute(GEN_AI_TOOL_NAME, tool.name())
                .setAttribute(GEN_AI_TOOL_TYPE, "function");
        if (tool.callId() != null) {
            builder.setAttribute(GEN_AI_TOOL_CALL_ID, tool.callId());
        }
        if (tool.isMcp()) {
            builder.setAttribute(MCP_METHOD_NAME, "tools/call")
                    .setAttribute(WARDEN_MCP_SERVER, tool.mcpServer());
            if (tool.mcpTool() != null) {
                builder.setAttribute(WARDEN_MCP_TOOL, tool.mcpTool());
            }
            if (tool.mcpSessionId() != null) {
                builder.setAttribute(MCP_SESSION_ID, tool.mcpSessionId());
            }
        }
        return builder.startSpan();
    }

    static final AttributeKey<String> GEN_AI_AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");

    /** Starts the {@code invoke_agent {agent}} span of an AI service call, as a child of the current one. */
    public Span startAgent(String agent) {
        return tracer.get().spanBuilder("invoke_agent " + agent)
                .setSpanKind(SpanKind.INTERNAL)
                .setParent(Context.current())
                .setAttribute(WardenAttributes.GEN_AI_OPERATION_NAME, "invoke_agent")
                .setAttribute(GEN_AI_AGENT_NAME, agent)
                .startSpan();
    }

    /**
     * Ends the span. A tool that returned an error result is an error of type {@code tool_error}
     * (also when the library threw for it); one that threw otherwise, of the exception's type.
     */
    public static void end(Span span, Throwable error, boolean errorResult) {
        if (errorResult || error != null) {
            span.setAttribute(WardenAttributes.ERROR_TYPE, errorResult ? TOOL_ERROR : error.getClass().getName());
            span.setStatus(StatusCode.ERROR, error == null ? TOOL_ERROR : String.valueOf(error.getMessage()));
        }
        span.end();
    }
}
