package dev.warden.agent.record.genai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a chat request body says about the call: the model, whether the answer is streamed, the sampling
 * settings, and (only when the policy opts in) the input messages as sent, that is after data protection.
 * Reads top-level fields only and skips the messages without building them.
 *
 * @param model {@code model}; null when absent
 * @param stream {@code stream: true}
 * @param maxTokens {@code max_tokens} / {@code max_completion_tokens} / Ollama's {@code options.num_predict}; -1 absent
 * @param temperature {@code temperature} (also under Ollama's {@code options}); NaN absent
 * @param inputMessages the {@code messages} array's JSON text (with Anthropic's {@code system} before it); null
 *     unless asked for
 */
public record ChatRequest(String model, boolean stream, long maxTokens, double temperature, String inputMessages) {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final ChatRequest UNREADABLE = new ChatRequest(null, false, -1, Double.NaN, null);

    /** Reads a request body; a body that is not a JSON object gives a request with nothing known. */
    public static ChatRequest read(byte[] body, int offset, int length, boolean keepMessages) {
        String model = null;
        boolean stream = false;
        long maxTokens = -1;
        double temperature = Double.NaN;
        StringBuilder messages = keepMessages ? new StringBuilder() : null;
        try (JsonParser parser = JSON.createParser(body, offset, length)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return UNREADABLE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "model" -> model = value == JsonToken.VALUE_STRING ? parser.getText() : model;
                    case "stream" -> stream = value == JsonToken.VALUE_TRUE;
                    case "max_tokens", "max_completion_tokens" -> maxTokens = value.isNumeric() ? parser.getLongValue() : maxTokens;
                    case "temperature" -> temperature = value.isNumeric() ? parser.getDoubleValue() : temperature;
                    case "options" -> {
                        Options options = options(parser, value);
                        maxTokens = options.numPredict >= 0 ? options.numPredict : maxTokens;
                        temperature = Double.isNaN(options.temperature) ? temperature : options.temperature;
                    }
                    case "messages", "system" -> {
                        long start = parser.currentTokenLocation().getByteOffset();
                        if (value.isScalarValue()) {
                            parser.finishToken(); // a string is read lazily: its end is known only once read
                        } else {
                            parser.skipChildren();
                        }
                        if (messages != null) {
                            long end = parser.currentLocation().getByteOffset();
                            if (messages.length() > 0) {
                                messages.append('\n');
                            }
                            messages.append(new String(body, offset + (int) start, (int) (end - start), StandardCharsets.UTF_8));
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException notJson) {
            // what was read before the damage still counts
        }
        return new ChatRequest(model, stream, maxTokens, temperature, messages == null || messages.length() == 0 ? null
                : messages.toString());
    }

    private record Options(long numPredict, double temperature) {
    }

    private static Options options(JsonParser parser, JsonToken value) throws IOException {
        long numPredict = -1;
        double temperature = Double.NaN;
        if (value != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return new Options(numPredict, temperature);
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken option = parser.nextToken();
            if (field.equals("num_predict") && option.isNumeric()) {
                numPredict = parser.getLongValue();
            } else if (field.equals("temperature") && option.isNumeric()) {
                temperature = parser.getDoubleValue();
            } else {
                parser.skipChildren();
            }
        }
        return new Options(numPredict, temperature);
    }
}
