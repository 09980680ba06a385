package dev.warden.agent.apply.body;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One request about to leave, as the body seam's participants see it: they may replace its URI (the query), the
 * values of its headers and its body. The client adapter reads it back and sends what it holds.
 */
public final class OutgoingRequest {

    private final String method;
    private URI uri;
    /** The URI telemetry may show: every rewrite but the real value of a credential. */
    private URI shownUri;
    private final Map<String, List<String>> headers;
    private final String contentType;
    private byte[] body;
    private boolean changed;

    /**
     * @param headers the request's headers as the app set them (names as given)
     * @param body    the whole body, or null when the request has none
     */
    public OutgoingRequest(String method, URI uri, Map<String, List<String>> headers, String contentType, byte[] body) {
        this.method = method;
        this.uri = uri;
        this.shownUri = uri;
        this.headers = new LinkedHashMap<>(headers);
        this.contentType = contentType;
        this.body = body;
    }

    public String method() {
        return method;
    }

    public URI uri() {
        return uri;
    }

    public void uri(URI replaced) {
        changed |= !replaced.equals(uri);
        uri = replaced;
        shownUri = replaced;
    }

    /** Replaces the URI with one that carries a secret (a credential's real value): spans keep showing the last other. */
    public void uriWithSecret(URI replaced) {
        changed |= !replaced.equals(uri);
        uri = replaced;
    }

    /** The URI as spans and the audit log may show it. */
    public URI shownUri() {
        return shownUri;
    }

    public Map<String, List<String>> headers() {
        return java.util.Collections.unmodifiableMap(headers);
    }

    public void header(String name, List<String> values) {
        changed |= !values.equals(headers.get(name));
        headers.put(name, List.copyOf(values));
    }

    /** The {@code Content-Type}, or null. */
    public String contentType() {
        return contentType;
    }

    /** The body, or null when there is none. */
    public byte[] body() {
        return body;
    }

    public void body(byte[] replaced) {
        changed |= replaced != body;
        body = replaced;
    }

    /** Whether a participant replaced anything: when not, the adapter sends the app's request as it was. */
    public boolean changed() {
        return changed;
    }
}
