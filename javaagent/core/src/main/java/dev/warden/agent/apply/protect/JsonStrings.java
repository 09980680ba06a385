package dev.warden.agent.apply.protect;

import java.util.function.UnaryOperator;

/**
 * Rewrites the string values of a JSON text and nothing else: object keys, numbers, literals, white space and the
 * structure come out byte for byte as they went in. Each value is unescaped before it is handed over (so
 * {@code a\u0040b.com} is seen as {@code a@b.com}) and escaped again only when it changed.
 */
final class JsonStrings {

    /** Thrown for text that is not JSON; the caller then treats it as plain text. */
    static final class NotJson extends Exception {
        private static final long serialVersionUID = 1L;

        NotJson(String why) {
            super(why, null, false, false);
        }
    }

    /** A transformation that may refuse the whole text. */
    interface ValueRewriter {
        String rewrite(String value) throws ValueBlocked;
    }

    private JsonStrings() {
    }

    static boolean looksLikeJson(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{' || c == '[') {
                return true;
            }
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return false;
            }
        }
        return false;
    }

    static String rewriteValues(String json, ValueRewriter rewriter) throws ValueBlocked, NotJson {
        StringBuilder out = null;
        int copied = 0;
        // one bit per nesting level: set = object; 64 levels deep at most, deeper is refused as not JSON we read
        long objects = 0;
        int depth = 0;
        boolean expectKey = false;
        int i = 0;
        int length = json.length();
        while (i < length) {
            char c = json.charAt(i);
            switch (c) {
                case '"': {
                    int end = endOfString(json, i);
                    if (!expectKey) {
                        String value = unescape(json, i + 1, end);
                        String rewritten = rewriter.rewrite(value);
                        if (!rewritten.equals(value)) {
                            if (out == null) {
                                out = new StringBuilder(length + 64);
                            }
                            out.append(json, copied, i);
                            escape(rewritten, out);
                            copied = end + 1;
                        }
                    }
                    i = end + 1;
                    continue;
                }
                case '{':
                case '[':
                    if (depth == 64) {
                        throw new NotJson("nested deeper than 64");
                    }
                    objects = c == '{' ? objects | (1L << depth) : objects & ~(1L << depth);
                    depth++;
                    expectKey = c == '{';
                    break;
                case '}':
                case ']':
                    if (depth == 0) {
                        throw new NotJson("unbalanced " + c);
                    }
                    depth--;
                    expectKey = false;
                    break;
                case ',':
                    expectKey = depth > 0 && (objects & (1L << (depth - 1))) != 0;
                    break;
                case ':':
                    expectKey = false;
                    break;
                default:
                    break;
            }
            i++;
        }
        if (out == null) {
            return json;
        }
        return out.append(json, copied, length).toString();
    }

    private static int endOfString(String json, int quote) throws NotJson {
        for (int i = quote + 1; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '"') {
                return i;
            }
        }
        throw new NotJson("an unterminated string");
    }

    private static String unescape(String json, int from, int to) throws NotJson {
        int backslash = json.indexOf('\\', from);
        if (backslash < 0 || backslash >= to) {
            return json.substring(from, to);
        }
        StringBuilder value = new StringBuilder(to - from);
        for (int i = from; i < to; i++) {
            char c = json.charAt(i);
            if (c != '\\') {
                value.append(c);
                continue;
            }
            char e = json.charAt(++i);
            switch (e) {
                case 'n': value.append('\n'); break;
                case 't': value.append('\t'); break;
                case 'r': value.append('\r'); break;
                case 'b': value.append('\b'); break;
                case 'f': value.append('\f'); break;
                case 'u':
                    if (i + 4 >= to) {
                        throw new NotJson("a short \\u escape");
                    }
                    try {
                        value.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
                    } catch (NumberFormatException bad) {
                        throw new NotJson("a bad \\u escape");
                    }
                    i += 4;
                    break;
                default: value.append(e); break;
            }
        }
        return value.toString();
    }

    /** Appends {@code value} as a JSON string, quotes included. */
    static void escape(String value, StringBuilder out) {
        out.append('"');
        escapeContent(value, out);
        out.append('"');
    }

    /** Appends {@code value} escaped for the inside of a JSON string. */
    static void escapeContent(String value, StringBuilder out) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"': out.append("\\\""); break;
                case '\\': out.append("\\\\"); break;
                case '\n': out.append("\\n"); break;
                case '\r': out.append("\\r"); break;
                case '\t': out.append("\\t"); break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
    }
}
