package dev.warden.agent.apply.body;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a response body that arrives in arbitrary chunks into complete lines, for participants that read a
 * Server-Sent Events stream ({@code data: {...}} per line) or JSON lines as they stream past: the partial last line
 * of a chunk is kept until its end arrives. Lines end at {@code \n}, {@code \r\n} or {@code \r}; returned without it.
 */
public final class SseLines {

    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private boolean lastWasCr;

    /** The lines this chunk completes, in order. */
    public List<String> feed(byte[] bytes, int offset, int length) {
        List<String> lines = new ArrayList<>();
        int start = offset;
        int end = offset + length;
        for (int i = offset; i < end; i++) {
            byte b = bytes[i];
            if (b == '\n' && lastWasCr && i == start) {
                start = i + 1; // the \n of a \r\n split across chunks
                lastWasCr = false;
                continue;
            }
            if (b == '\n' || b == '\r') {
                partial.write(bytes, start, i - start);
                lines.add(partial.toString(StandardCharsets.UTF_8));
                partial.reset();
                boolean crlf = b == '\r' && i + 1 < end && bytes[i + 1] == '\n';
                if (crlf) {
                    i++;
                }
                lastWasCr = b == '\r' && !crlf && i + 1 == end;
                start = i + 1;
            } else {
                lastWasCr = false;
            }
        }
        partial.write(bytes, start, end - start);
        return lines;
    }

    /** The last line, when the body did not end with a line break; null otherwise. */
    public String finish() {
        if (partial.size() == 0) {
            return null;
        }
        String last = partial.toString(StandardCharsets.UTF_8);
        partial.reset();
        return last;
    }
}
