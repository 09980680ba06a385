package dev.warden.agent.record;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The real values of the credentials in force, as Warden must never show them: wherever it writes a URL (spans,
 * denial messages, the audit log) a value that got into it (a server that echoes the query into a redirect's
 * {@code Location}) is shown as its placeholder.
 */
public final class CredentialRedaction {

    private static volatile Map<String, String> placeholderByValue = Map.of();

    private CredentialRedaction() {
    }

    /** The values of the policy now in force (raw and URL-encoded), each with its placeholder. */
    public static void inForce(Map<String, String> placeholderOfValue) {
        Map<String, String> both = new LinkedHashMap<>();
        for (Map.Entry<String, String> each : placeholderOfValue.entrySet()) {
            both.put(each.getKey(), each.getValue());
            both.put(URLEncoder.encode(each.getKey(), StandardCharsets.UTF_8), each.getValue());
        }
        placeholderByValue = Map.copyOf(both);
    }

    static String redact(String text) {
        Map<String, String> values = placeholderByValue;
        if (values.isEmpty()) {
            return text;
        }
        String shown = text;
        for (Map.Entry<String, String> value : values.entrySet()) {
            if (shown.contains(value.getKey())) {
                shown = shown.replace(value.getKey(), value.getValue());
            }
        }
        return shown;
    }
}
