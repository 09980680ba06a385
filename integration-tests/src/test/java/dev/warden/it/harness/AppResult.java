package dev.warden.it.harness;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One machine-readable result line printed by a test app:
 * {@code RESULT <outcome> key=value ... [msg=<rest of line>]}. Outcomes: {@code ok}, {@code denied}
 * (an exception whose message starts with {@code warden: denied}), {@code error} (any other exception).
 * Values are percent-escaped for space, '%', CR and LF; {@code msg} is last and raw (newlines as {@code \n}).
 */
public final class AppResult {
    public static final String PREFIX = "RESULT ";

    private final String line;
    private final String outcome;
    private final Map<String, String> values;
    private final String msg;
    private final String context;

    private AppResult(String line, String outcome, Map<String, String> values, String msg, String context) {
        this.line = line;
        this.outcome = outcome;
        this.values = values;
        this.msg = msg;
        this.context = context;
    }

    public static AppResult parse(String line) {
        return parse(line, "");
    }

    /** {@code context}: the description of the run that printed the line, for assertion messages. */
    public static AppResult parse(String line, String context) {
        if (!line.startsWith(PREFIX)) {
            throw new IllegalArgumentException("not a result line: " + line);
        }
        String rest = line.substring(PREFIX.length());
        String msg = null;
        int m = rest.indexOf(" msg=");
        if (m >= 0) {
            msg = rest.substring(m + " msg=".length());
            rest = rest.substring(0, m);
        }
        String[] tokens = rest.trim().split(" +");
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            int eq = tokens[i].indexOf('=');
            if (eq < 0) {
                values.put(tokens[i], "");
            } else {
                values.put(tokens[i].substring(0, eq), unescape(tokens[i].substring(eq + 1)));
            }
        }
        return new AppResult(line, tokens[0], Collections.unmodifiableMap(values), msg, context);
    }

    static String unescape(String v) {
        return v.replace("%20", " ").replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%");
    }

    public String outcome() {
        return outcome;
    }

    public boolean isOk() {
        return "ok".equals(outcome);
    }

    public String get(String key) {
        return values.get(key);
    }

    public Map<String, String> values() {
        return values;
    }

    /** Exception class name (for denied / error). */
    public String type() {
        return values.get("type");
    }

    /** Wrapper exception the failure arrived in (e.g. java.util.concurrent.ExecutionException), if any. */
    public String via() {
        return values.get("via");
    }

    public String msg() {
        return msg;
    }

    public String line() {
        return line;
    }

    /** The whole forked run (command, stdout, stderr) that printed this line. */
    public String context() {
        return context;
    }

    /** The line without the parts that legitimately differ between runs. */
    @Override
    public String toString() {
        return line;
    }
}
