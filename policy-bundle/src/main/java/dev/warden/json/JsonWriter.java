package dev.warden.json;

/**
 * A tiny streaming JSON writer for the CLI's {@code --json} output and the audit log. Warden carries no JSON library
 * (and adds none for one command's output), so strings are escaped here per RFC 8259: quote,
 * backslash and every control character; everything else is written as is (UTF-8 output).
 * Callers write well-nested structures; commas are inserted automatically.
 */
public final class JsonWriter {

    private final StringBuilder out = new StringBuilder();
    /** Whether the current container already holds a value (so the next one needs a comma). */
    private final java.util.ArrayDeque<Boolean> hasValue = new java.util.ArrayDeque<>();
    private boolean afterName;

    public JsonWriter beginObject() {
        value();
        out.append('{');
        hasValue.push(false);
        return this;
    }

    public JsonWriter endObject() {
        hasValue.pop();
        out.append('}');
        return this;
    }

    public JsonWriter beginArray() {
        value();
        out.append('[');
        hasValue.push(false);
        return this;
    }

    public JsonWriter endArray() {
        hasValue.pop();
        out.append(']');
        return this;
    }

    /** A member name inside an object; the next call writes its value. */
    public JsonWriter name(String name) {
        value();
        quote(name);
        out.append(':');
        afterName = true; // the value that follows needs no comma
        return this;
    }

    public JsonWriter value(String text) {
        value();
        if (text == null) {
            out.append("null");
        } else {
            quote(text);
        }
        return this;
    }

    public JsonWriter value(long number) {
        value();
        out.append(number);
        return this;
    }

    public JsonWriter value(boolean flag) {
        value();
        out.append(flag);
        return this;
    }

    @Override
    public String toString() {
        return out.toString();
    }

    private void value() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (!hasValue.isEmpty()) {
            if (hasValue.peek()) {
                out.append(',');
            } else {
                hasValue.pop();
                hasValue.push(true);
            }
        }
    }

    private void quote(String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
