package dev.warden.agent.apply.body;

import io.opentelemetry.api.trace.Span;

/**
 * What one participant does with one HTTP exchange. Called by the client adapter: {@link #request} on the caller's
 * thread before anything is sent, {@link #response} when the response headers arrive (any thread), then the stream's
 * chunks in order.
 */
public interface BodyExchange {

    /**
     * A span the exchange's HTTP span is to be the child of (the GenAI chat span of an LLM call), or null. The
     * adapter asks before it starts the HTTP span.
     */
    default Span parentOfHttpSpan() {
        return null;
    }

    /**
     * The exchange failed before its response body ended: refused, denied at a redirect, or the connection failed.
     * A participant with its own span ends it here.
     */
    default void failed(Throwable error) {
    }

    /** Whether {@link #request} needs the body: when no participant does, the adapter does not collect it. */
    boolean needsRequestBody();

    /** May rewrite the request, or refuse it. */
    void request(OutgoingRequest request) throws RequestRefused;

    /** The response's body stream, or null to leave this response alone. */
    ResponseBodyStream response(int status, String contentType);

    /**
     * Adds what this participant saw to the exchange's span (counts, model names); called after {@link #request}
     * and again when the response body ended, while the span may already have ended (then it is a no-op).
     */
    void record(Span span);
}
