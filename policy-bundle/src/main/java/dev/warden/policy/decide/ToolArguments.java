package dev.warden.policy.decide;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The top-level arguments of one tool call, read from its JSON text with Jackson's streaming parser (the
 * parser the AI frameworks read the same text with): each argument's text when it is a string, number or
 * boolean; an argument of another type is present without a text. Text that is not one JSON object, or
 * names an argument twice (which parsers resolve differently), is {@linkplain #invalid() invalid}.
 */
final class ToolArguments {

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    /** A call the library gave no arguments for. */
    private static final ToolArguments NONE = new ToolArguments(Map.of(), null);

    /** Name to text; null for an argument that is not a string, number or boolean. */
    private final Map<String, String> scalars;
    private final String invalid;

    private ToolArguments(Map<String, String> scalars, String invalid) {
        this.scalars = scalars;
        this.invalid = invalid;
    }

    static ToolArguments parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        Map<String, String> scalars = new HashMap<>();
        try (JsonParser parser = JSON.createParser(json)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return invalid("they are not a JSON object");
            }
            for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                scalars.put(name, switch (value) {
                    case VALUE_STRING, VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT, VALUE_TRUE, VALUE_FALSE -> parser.getText();
                    default -> {
                        parser.skipChildren();
                        yield null;
                    }
                });
            }
            if (parser.nextToken() != null) {
                return invalid("more follows their JSON object");
            }
        } catch (JacksonException e) {
            return invalid("they are not valid JSON (" + firstLine(e.getOriginalMessage()) + ")");
        } catch (IOException e) {
            return invalid("they cannot be read (" + firstLine(e.getMessage()) + ")"); // a String source: not expected
        }
        return new ToolArguments(scalars, null);
    }

    private static ToolArguments invalid(String why) {
        return new ToolArguments(Map.of(), why);
    }

    /** Why the text could not be read as one JSON object, or null. */
    String invalid() {
        return invalid;
    }

    boolean has(String name) {
        return scalars.containsKey(name);
    }

    /** The argument's text when it is a string, number or boolean; else null. */
    String scalar(String name) {
        return scalars.get(name);
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
