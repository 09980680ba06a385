package dev.warden.agent.apply.protect;

import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.policy.ProtectAction;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one egress rule's {@code protect:} does to a request: its detectors' values in the query string, in the
 * app's own {@code X-} headers and in the body are redacted, tokenized or refused. JSON bodies are rewritten value by
 * value ({@link JsonStrings}); other text bodies as a whole; bodies that are not text (images, archives, multipart
 * uploads, anything that is not valid UTF-8) are left alone.
 */
public final class RuleProtection {

    private final String rule;
    private final ValueScanner scanner;
    private final Tokenizer tokenizer;
    private final boolean restore;

    /**
     * @param scanner   the rule's detectors, or null when none acts
     * @param tokenizer the data keys' tokenizer; null only when no detector tokenizes and nothing is restored
     */
    RuleProtection(String rule, ValueScanner scanner, Tokenizer tokenizer, boolean restore) {
        this.rule = rule;
        this.scanner = scanner;
        this.tokenizer = tokenizer;
        this.restore = restore;
    }

    public String rule() {
        return rule;
    }

    public boolean scans() {
        return scanner != null;
    }

    public boolean restores() {
        return restore;
    }

    /**
     * Rewrites the request in place.
     *
     * @param enforcing false in audit and learn mode: a value of a {@code block} detector is then counted and sent
     */
    public void protect(OutgoingRequest request, ProtectionCounts counts, boolean enforcing) throws ValueBlocked {
        if (scanner == null) {
            return;
        }
        ValueScanner.ValueAction action = (detector, protectAction, value) -> act(detector, protectAction, value, counts, enforcing);
        URI uri = request.uri();
        if (uri.getRawQuery() != null) {
            String query = protectForm(uri.getRawQuery(), action);
            if (!query.equals(uri.getRawQuery())) {
                request.uri(withQuery(uri, query));
            }
        }
        for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
            if (protectsHeader(header.getKey())) {
                List<String> values = new ArrayList<>(header.getValue().size());
                for (String value : header.getValue()) {
                    values.add(scanner.apply(value, action));
                }
                request.header(header.getKey(), values);
            }
        }
        byte[] body = request.body();
        if (body != null && body.length > 0) {
            byte[] protectedBody = protectBody(body, request.contentType(), action);
            if (protectedBody != body) {
                request.body(protectedBody);
            }
        }
    }

    /** The text with every value found replaced; for benchmarks and the body of {@link #protect}. */
    String protectText(String text, ValueScanner.ValueAction action) throws ValueBlocked {
        if (JsonStrings.looksLikeJson(text)) {
            try {
                return JsonStrings.rewriteValues(text, value -> scanner.apply(value, action));
            } catch (JsonStrings.NotJson notJson) {
                // read as plain text below
            }
        }
        return scanner.apply(text, action);
    }

    private byte[] protectBody(byte[] body, String contentType, ValueScanner.ValueAction action) throws ValueBlocked {
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        if (!isText(type)) {
            return body;
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            return body;
        }
        String protectedText = type.startsWith("application/x-www-form-urlencoded")
                ? protectForm(text, action)
                : protectText(text, action);
        return protectedText.equals(text) ? body : protectedText.getBytes(StandardCharsets.UTF_8);
    }

    private static boolean isText(String type) {
        return type.isEmpty() || type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded") || type.contains("javascript")
                || type.contains("yaml");
    }

    /**
     * The app's own headers ({@code X-...}) carry data; standard headers do not, and credential headers must reach
     * the destination unchanged (a redacted API key would only break the call).
     */
    static boolean protectsHeader(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.startsWith("x-") && !lower.equals("x-api-key") && !lower.equals("x-goog-api-key")
                && !lower.equals("x-auth-token") && !lower.startsWith("x-amz-") && !lower.startsWith("x-stainless-");
    }

    /** {@code a=b&c=d}: each name and value is decoded, protected and encoded again when it changed. */
    private String protectForm(String form, ValueScanner.ValueAction action) throws ValueBlocked {
        StringBuilder out = new StringBuilder(form.length());
        int start = 0;
        while (start <= form.length()) {
            int end = form.indexOf('&', start);
            if (end < 0) {
                end = form.length();
            }
            String pair = form.substring(start, end);
            int equals = pair.indexOf('=');
            out.append(start == 0 ? "" : "&");
            if (equals < 0) {
                out.append(protectComponent(pair, action));
            } else {
                out.append(protectComponent(pair.substring(0, equals), action)).append('=')
                        .append(protectComponent(pair.substring(equals + 1), action));
            }
            start = end + 1;
        }
        return out.toString();
    }

    private String protectComponent(String encoded, ValueScanner.ValueAction action) throws ValueBlocked {
        String decoded;
        try {
            decoded = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            decoded = encoded;
        }
        String protectedValue = scanner.apply(decoded, action);
        return protectedValue.equals(decoded) ? encoded : URLEncoder.encode(protectedValue, StandardCharsets.UTF_8);
    }

    private static URI withQuery(URI uri, String rawQuery) {
        String text = uri.toString();
        int queryStart = text.indexOf('?');
        int fragment = text.indexOf('#', queryStart);
        try {
            return new URI(text.substring(0, queryStart + 1) + rawQuery + (fragment < 0 ? "" : text.substring(fragment)));
        } catch (URISyntaxException impossible) {
            throw new IllegalStateException("a query of encoded components is a valid URI", impossible);
        }
    }

    private String act(String detector, ProtectAction action, String value, ProtectionCounts counts, boolean enforcing)
            throws ValueBlocked {
        switch (action) {
            case REDACT:
                counts.add(detector, ProtectionCounts.REDACTED);
                return "[REDACTED:" + detector + "]";
            case TOKENIZE:
                counts.add(detector, ProtectionCounts.TOKENIZED);
                return tokenizer.tokenize(value);
            case BLOCK:
                counts.add(detector, ProtectionCounts.BLOCKED);
                if (enforcing) {
                    throw new ValueBlocked(detector);
                }
                return value;
            default:
                return value;
        }
    }

    /** A restorer for one response body, or null when this rule does not restore. */
    public TokenRestorer restorer(String contentType, ProtectionCounts counts) {
        if (!restore || tokenizer == null) {
            return null;
        }
        String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
        return new TokenRestorer(tokenizer, type.contains("json") || type.contains("event-stream"), counts);
    }
}
