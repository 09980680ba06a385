package dev.warden.agent.apply.credential;

import dev.warden.agent.apply.body.ResponseBodyStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * A response from a credential's destination, on its way to the app: a real value the server echoes (a model asked
 * to repeat its prompt, an error quoting the key) is replaced by its placeholder. The last bytes of each chunk that
 * could begin a value are held back until the next chunk, so a value split across chunks is caught too.
 */
final class EchoMasking implements ResponseBodyStream {

    /** Value to placeholder, both as ISO-8859-1 text (one char per byte). */
    private final Map<String, String> placeholders;
    private final int holdBack;
    private String held = "";

    EchoMasking(Map<String, String> placeholderOfValue) {
        this.placeholders = Map.copyOf(placeholderOfValue);
        this.holdBack = placeholderOfValue.keySet().stream().mapToInt(String::length).max().orElse(1) - 1;
    }

    @Override
    public synchronized byte[] chunk(byte[] bytes, int offset, int length) {
        String data = masked(held + new String(bytes, offset, length, StandardCharsets.ISO_8859_1));
        int keep = Math.min(holdBack, data.length());
        held = data.substring(data.length() - keep);
        return data.substring(0, data.length() - keep).getBytes(StandardCharsets.ISO_8859_1);
    }

    @Override
    public synchronized byte[] finish() {
        String rest = masked(held);
        held = "";
        return rest.getBytes(StandardCharsets.ISO_8859_1);
    }

    private String masked(String data) {
        String out = data;
        for (Map.Entry<String, String> value : placeholders.entrySet()) {
            if (out.contains(value.getKey())) {
                out = out.replace(value.getKey(), value.getValue());
            }
        }
        return out;
    }
}
