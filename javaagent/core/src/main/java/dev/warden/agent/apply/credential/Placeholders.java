package dev.warden.agent.apply.credential;

import dev.warden.policy.Credential;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Function;

/** Finds and replaces {@code wdn_cred_NAME} in text: a name runs as far as letters, digits and {@code _} go. */
final class Placeholders {

    private static final String PREFIX = Credential.PLACEHOLDER_PREFIX;

    private Placeholders() {
    }

    /** The credential names whose placeholders {@code text} carries (known or not). */
    static Set<String> named(CharSequence text, Set<String> into) {
        String string = text.toString();
        for (int at = string.indexOf(PREFIX); at >= 0; at = string.indexOf(PREFIX, at + 1)) {
            int end = nameEnd(string, at + PREFIX.length());
            if (end > at + PREFIX.length()) {
                into.add(string.substring(at + PREFIX.length(), end));
            }
        }
        return into;
    }

    static Set<String> named(CharSequence text) {
        return named(text, new LinkedHashSet<>());
    }

    /** {@code text} with each placeholder whose name {@code valueOf} knows replaced by that value. */
    static String replaced(String text, Function<String, String> valueOf) {
        StringBuilder out = null;
        int copied = 0;
        for (int at = text.indexOf(PREFIX); at >= 0; at = text.indexOf(PREFIX, at + 1)) {
            int end = nameEnd(text, at + PREFIX.length());
            String value = end > at + PREFIX.length() ? valueOf.apply(text.substring(at + PREFIX.length(), end)) : null;
            if (value != null) {
                if (out == null) {
                    out = new StringBuilder(text.length() + value.length());
                }
                out.append(text, copied, at).append(value);
                copied = end;
                at = end - 1;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static int nameEnd(String text, int from) {
        int end = from;
        while (end < text.length() && isNameChar(text.charAt(end))) {
            end++;
        }
        return end;
    }

    private static boolean isNameChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }
}
