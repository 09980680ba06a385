package dev.warden.agent.record.genai;

import static dev.warden.agent.record.WardenAttributes.ERROR_TYPE;
import static dev.warden.agent.record.WardenAttributes.GEN_AI_OPERATION_NAME;
import static dev.warden.agent.record.WardenAttributes.SERVER_ADDRESS;
import static dev.warden.agent.record.WardenAttributes.SERVER_PORT;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import java.util.List;
import java.util.function.Supplier;

/**
 * The GenAI {@code chat {model}} span of an LLM call (OpenTelemetry GenAI semantic conventions): the parent of the
 * call's HTTP span, with the provider, the requested and answering model, token usage and finish reasons. Prompt
 * and completion texts are recorded only when the policy opts in, and then as they were sent, that is after data
 * protection replaced personal data with tokens.
 */
public final class ChatSpans {

    static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
    static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
    static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
    static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
    static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
    static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
    static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
    static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
    static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
    static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
    static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");

    private final Supplier<Tracer> tracer;

    public ChatSpans(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    /**
     * Starts the chat span of a call, as a child of the span current on this thread; the caller makes it current
     * while it starts the HTTP span. Named {@code chat} until the request body says which model.
     */
    public Span start(ChatApi.Endpoint endpoint, String serverAddress, int serverPort) {
        return tracer.get().spanBuilder("chat").setSpanKind(SpanKind.CLIENT)
                .setAttribute(GEN_AI_OPERATION_NAME, "chat")
                .setAttribute(PROVIDER, endpoint.provider())
                .setAttribute(SERVER_ADDRESS, serverAddress)
                .setAttribute(SERVER_PORT, (long) serverPort)
                .startSpan();
    }

    /** What the request body said. */
    public static void request(Span span, ChatRequest request) {
        if (request.model() != null) {
            span.updateName("chat " + request.model());
            span.setAttribute(REQUEST_MODEL, request.model());
        }
        if (request.maxTokens() >= 0) {
            span.setAttribute(REQUEST_MAX_TOKENS, request.maxTokens());
        }
        if (!Double.isNaN(request.temperature())) {
            span.setAttribute(REQUEST_TEMPERATURE, request.temperature());
        }
        if (request.inputMessages() != null) {
            span.setAttribute(INPUT_MESSAGES, request.inputMessages());
        }
    }

    /** Ends the span with what the response said, or with the failure (a denial, a refused connection). */
    public static void end(Span span, ChatResponse response, Throwable error) {
        if (response != null) {
            response.end();
            if (response.model() != null) {
                span.setAttribute(RESPONSE_MODEL, response.model());
            }
            if (response.id() != null) {
                span.setAttribute(RESPONSE_ID, response.id());
            }
            if (response.inputTokens() >= 0) {
                span.setAttribute(INPUT_TOKENS, response.inputTokens());
            }
            if (response.outputTokens() >= 0) {
                span.setAttribute(OUTPUT_TOKENS, response.outputTokens());
            }
            if (!response.finishReasons().isEmpty()) {
                span.setAttribute(FINISH_REASONS, response.finishReasons());
            }
            if (response.completion() != null) {
                span.setAttribute(OUTPUT_MESSAGES, response.completion());
            }
        }
        if (error != null) {
            span.setAttribute(ERROR_TYPE, error.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        }
        span.end();
    }
}
