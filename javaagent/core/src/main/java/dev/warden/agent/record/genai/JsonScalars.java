package dev.warden.agent.record.genai;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Walks a JSON text and hands each scalar to a visitor with its dotted path, array levels left out
 * ({@code choices[0].finish_reason} is {@code choices.finish_reason}). One streaming pass, no tree: LLM bodies
 * can be large and only a few of their fields matter here.
 */
final class JsonScalars {

    private static final JsonFactory JSON = JsonFactory.builder().build();

    interface Visitor {
        /** @param value the scalar as text; null for JSON null */
        void scalar(String path, String value, JsonToken kind);
    }

    private JsonScalars() {
    }

    /** Visits every root value in the text (NDJSON holds several); false when the text is not JSON. */
    static boolean walk(byte[] text, int offset, int length, Visitor visitor) {
        Deque<String> path = new ArrayDeque<>();
        try (JsonParser parser = JSON.createParser(text, offset, length)) {
            String field = null;
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                switch (token) {
                    case FIELD_NAME -> field = parser.currentName();
                    case START_OBJECT, START_ARRAY -> {
                        // an element of an array keeps the array's path
                        String parent = path.isEmpty() ? "" : path.peek();
                        path.push(field == null ? parent : join(parent, field));
                        field = null;
                    }
                    case END_OBJECT, END_ARRAY -> path.pop();
                    default -> {
                        if (!path.isEmpty()) {
                            String parent = path.peek();
                            visitor.scalar(field == null ? parent : join(parent, field),
                                    token == JsonToken.VALUE_NULL ? null : parser.getText(), token);
                        }
                        field = null;
                    }
                }
            }
            return true;
        } catch (IOException notJson) {
            return false;
        }
    }

    private static String join(String parent, String field) {
        return parent == null || parent.isEmpty() ? field : parent + "." + field;
    }
}
