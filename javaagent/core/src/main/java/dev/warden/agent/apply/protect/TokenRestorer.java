package dev.warden.agent.apply.protect;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Restores the tokens in one response body as it streams through, chunk by chunk: a token split across chunks is
 * held back until its end has arrived (at most {@link #MAX_HELD} bytes; beyond that the bytes pass as they are).
 * Tokens are ASCII, so the body is scanned as bytes whatever its encoding of other text (UTF-8 multi-byte sequences
 * never contain ASCII bytes). In a JSON or SSE body the restored value is escaped for a JSON string, since that is
 * where the token stood.
 */
public final class TokenRestorer {

    static final int MAX_HELD = 8192;
    private static final byte[] PREFIX = Tokenizer.PREFIX.getBytes(StandardCharsets.US_ASCII);

    private final Tokenizer tokenizer;
    private final boolean jsonEscape;
    private final ProtectionCounts counts;
    private byte[] held = new byte[0];

    public TokenRestorer(Tokenizer tokenizer, boolean jsonEscape, ProtectionCounts counts) {
        this.tokenizer = tokenizer;
        this.jsonEscape = jsonEscape;
        this.counts = counts;
    }

    /** What may go to the app of the bytes seen so far; the tail that may still be a token is kept. */
    public byte[] chunk(byte[] bytes, int offset, int length) {
        byte[] data;
        if (held.length == 0) {
            if (indexOfPrefix(bytes, offset, offset + length) < 0 && !endsWithPartialPrefix(bytes, offset, offset + length)) {
                return offset == 0 && length == bytes.length ? bytes : java.util.Arrays.copyOfRange(bytes, offset, offset + length);
            }
            data = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        } else {
            data = new byte[held.length + length];
            System.arraycopy(held, 0, data, 0, held.length);
            System.arraycopy(bytes, offset, data, held.length, length);
        }
        return restore(data, false);
    }

    /** The rest, at the end of the body. */
    public byte[] finish() {
        byte[] rest = held;
        held = new byte[0];
        return rest.length == 0 ? rest : restore(rest, true);
    }

    private byte[] restore(byte[] data, boolean last) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length);
        int copied = 0;
        int from = 0;
        while (true) {
            int start = indexOfPrefix(data, from, data.length);
            if (start < 0) {
                int partial = last ? data.length : partialPrefixAt(data);
                out.write(data, copied, partial - copied);
                held = java.util.Arrays.copyOfRange(data, partial, data.length);
                return out.toByteArray();
            }
            int end = start + PREFIX.length;
            while (end < data.length && isTokenByte(data[end])) {
                end++;
            }
            if (end == data.length && !last && end - start < MAX_HELD) {
                out.write(data, copied, start - copied);
                held = java.util.Arrays.copyOfRange(data, start, data.length);
                return out.toByteArray();
            }
            String token = new String(data, start, end - start, StandardCharsets.US_ASCII);
            String value = tokenizer.restore(token);
            if (value != null) {
                out.write(data, copied, start - copied);
                out.writeBytes(encode(value));
                copied = end;
                counts.restored();
            } else if (end - start > PREFIX.length + Tokenizer.KEY_ID_LENGTH) {
                counts.notRestored();
            }
            from = end;
        }
    }

    private byte[] encode(String value) {
        if (!jsonEscape) {
            return value.getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder escaped = new StringBuilder(value.length() + 8);
        JsonStrings.escapeContent(value, escaped);
        return escaped.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static int indexOfPrefix(byte[] data, int from, int to) {
        for (int i = from; i <= to - PREFIX.length; i++) {
            if (data[i] == 'w' && data[i + 1] == 'd' && data[i + 2] == 'n' && data[i + 3] == '_') {
                return i;
            }
        }
        return -1;
    }

    private static boolean endsWithPartialPrefix(byte[] data, int from, int to) {
        for (int keep = Math.min(PREFIX.length - 1, to - from); keep > 0; keep--) {
            if (java.util.Arrays.equals(data, to - keep, to, PREFIX, 0, keep)) {
                return true;
            }
        }
        return false;
    }

    /** Where a proper prefix of {@code wdn_} ends the data (the rest of it may come next), or data.length. */
    private static int partialPrefixAt(byte[] data) {
        for (int keep = Math.min(PREFIX.length - 1, data.length); keep > 0; keep--) {
            boolean matches = true;
            for (int j = 0; j < keep; j++) {
                if (data[data.length - keep + j] != PREFIX[j]) {
                    matches = false;
                    break;
                }
            }
            if (matches) {
                return data.length - keep;
            }
        }
        return data.length;
    }

    private static boolean isTokenByte(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9') || b == '_' || b == '-';
    }
}
