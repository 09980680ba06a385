package dev.warden.policy.learn;

import java.util.Map;

/**
 * A policy section's part of {@code policy suggest}: what it learns from the recorded decisions of
 * its kind, and the least-privilege rules it writes from them. Each section declares its learner
 * beside its reader ({@code PolicySection}); the suggester asks every declared section's.
 */
public interface RuleLearner {

    /**
     * One recorded decision of the section's kind (allowed, or audit-denied while learning).
     *
     * @param action what was attempted (a method, a file mode, a SQL operation, {@code exec})
     * @param target what it was attempted on (a URL or host:port, a path, a JDBC URL, an argv as JSON)
     * @param detail more of it (a statement's tables, comma-separated), or null
     */
    void observe(String action, String target, String detail);

    /**
     * Appends the section ({@code KEY:} and one entry per rule) at {@code indent}; nothing when it
     * learned nothing.
     *
     * @param pathVariables the app's path variables ({@code user.home} → its value), to write paths with
     */
    void write(StringBuilder yaml, String indent, Map<String, String> pathVariables);

    /** A YAML scalar that needs no escaping rules of its own: a JSON string. */
    static String quote(String text) {
        return new dev.warden.json.JsonWriter().value(text).toString();
    }

    /** {@code [a, b]} of quoted scalars. */
    static String quotedList(Iterable<String> texts) {
        StringBuilder list = new StringBuilder("[");
        for (String text : texts) {
            list.append(list.length() > 1 ? ", " : "").append(quote(text));
        }
        return list.append(']').toString();
    }
}
