package dev.warden.agent.record.genai;

import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects what a chat response says about the call, as the app reads it: the model that answered, the response
 * id, token usage and finish reasons, and (only when the policy opts in) the completion text. One reader serves
 * the three wire formats, plain or streamed: a JSON body, server-sent events ({@code data: {...}} lines, OpenAI and
 * Anthropic) or JSON lines (Ollama), because each format's fields have distinct paths.
 */
public final class ChatResponse {

    /** A response bigger than this is not read further; its span keeps what the first part said. */
    static final int MAX_KEPT_BYTES = 4 << 20;
    private static final int MAX_COMPLETION_CHARS = 16 << 10;

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    private final StringBuilder completion;
    private boolean read;
    private String model;
    private String id;
    private long inputTokens = -1;
    private long outputTokens = -1;
    private final List<String> finishReasons = new ArrayList<>(1);

    public ChatResponse(boolean keepCompletion) {
        completion = keepCompletion ? new StringBuilder() : null;
    }

    /** The next bytes of the response body, as the app received them. */
    public void accept(byte[] bytes, int offset, int length) {
        int room = MAX_KEPT_BYTES - body.size();
        if (room > 0) {
            body.write(bytes, offset, Math.min(room, length));
        }
    }

    /** The body is complete (or the app stopped reading): reads what was kept. Idempotent. */
    public ChatResponse end() {
        if (read) {
            return this;
        }
        read = true;
        byte[] bytes = body.toByteArray();
        int first = 0;
        while (first < bytes.length && Character.isWhitespace(bytes[first])) {
            first++;
        }
        if (first < bytes.length && (bytes[first] == '{' || bytes[first] == '[')) {
            JsonScalars.walk(bytes, first, bytes.length - first, this::field);
        } else {
            serverSentEvents(new String(bytes, StandardCharsets.UTF_8));
        }
        return this;
    }

    private void serverSentEvents(String text) {
        for (String line : text.split("\n")) {
            if (line.startsWith("data:")) {
                byte[] data = line.substring(5).strip().getBytes(StandardCharsets.UTF_8);
                if (data.length > 0 && data[0] == '{') {
                    JsonScalars.walk(data, 0, data.length, this::field);
                }
            }
        }
    }

    private void field(String path, String value, JsonToken kind) {
        if (value == null) {
            return;
        }
        switch (path) {
            case "model", "message.model" -> model = value;
            case "id", "message.id" -> id = id == null ? value : id;
            case "usage.prompt_tokens", "usage.input_tokens", "message.usage.input_tokens", "prompt_eval_count" ->
                    inputTokens = number(value, kind, inputTokens);
            case "usage.completion_tokens", "usage.output_tokens", "message.usage.output_tokens", "eval_count" ->
                    outputTokens = number(value, kind, outputTokens);
            case "choices.finish_reason", "stop_reason", "delta.stop_reason", "message.stop_reason", "done_reason" -> {
                if (!finishReasons.contains(value)) {
                    finishReasons.add(value);
                }
            }
            case "choices.message.content", "choices.delta.content", "content.text", "delta.text", "message.content" -> {
                if (completion != null && completion.length() < MAX_COMPLETION_CHARS) {
                    completion.append(value, 0, Math.min(value.length(), MAX_COMPLETION_CHARS - completion.length()));
                }
            }
            default -> {
                // other fields say nothing the span records
            }
        }
    }

    private static long number(String value, JsonToken kind, long fallback) {
        return kind == JsonToken.VALUE_NUMBER_INT ? Long.parseLong(value) : fallback;
    }

    public String model() {
        return model;
    }

    public String id() {
        return id;
    }

    /** -1 when the response did not say (OpenAI streams report usage only when asked to). */
    public long inputTokens() {
        return inputTokens;
    }

    public long outputTokens() {
        return outputTokens;
    }

    public List<String> finishReasons() {
        return List.copyOf(finishReasons);
    }

    /** The completion text, null unless kept. */
    public String completion() {
        return completion == null || completion.length() == 0 ? null : completion.toString();
    }
}
