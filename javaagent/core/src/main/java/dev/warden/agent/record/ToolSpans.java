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
 * work to.
 */
public final class ToolSpans {

    static final AttributeKey<String> GEN_AI_TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
    static final AttributeKey<String> GEN_AI_TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
    static final AttributeKey<String> GEN_AI_TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");

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

    /** Ends the span; a tool that threw marks it as an error with the exception's type. */
    public static void end(Span span, Throwable error) {
        if (error != null) {
            span.setAttribute(WardenAttributes.ERROR_TYPE, error.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        }
        span.end();
    }
}
