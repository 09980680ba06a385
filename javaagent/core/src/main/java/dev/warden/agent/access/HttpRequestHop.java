package dev.warden.agent.access;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.EgressSpans;
import dev.warden.policy.decide.UrlPorts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;

/**
 * One request of a URL-level HTTP client, or one redirect hop of it, with the span the client's
 * call already has (recorded with it current, so a first-access alert lands on it).
 */
public record HttpRequestHop(String method, URI uri, Span span, Hop hop) implements AccessRequest<IOException> {

    /** Which request of a call this is; it picks the exception a denial throws. */
    public enum Hop {
        REQUEST,
        /**
         * A redirect the JDK HttpClient must not follow. Not a ConnectException: the client would
         * retry the whole exchange on one, sending the allowed first request twice.
         */
        JDK_REDIRECT,
        /** A redirect a client library must not follow: OkHttp and Apache HttpClient never retry a ConnectException. */
        LIBRARY_REDIRECT
    }

    /** A span that a denial ends; one that goes ahead is the client's to end. */
    public static final AccessSpans<HttpRequestHop> ENDS_SPAN_WHEN_DENIED = (request, decision, denial) -> {
        if (denial != null) {
            EgressSpans.endDenied(request.span(), denial);
        }
    };

    @Override
    public String kind() {
        return DecisionRecorder.EGRESS;
    }

    @Override
    public String action() {
        return method;
    }

    @Override
    public String target() {
        return EgressSpans.urlText(uri);
    }

    @Override
    public String watchKey() {
        return AccessRequest.hostPort(uri.getHost(), UrlPorts.of(uri));
    }

    @Override
    public String denied() {
        return (hop == Hop.REQUEST ? "" : "redirect to ") + method + " " + target();
    }

    @Override
    public IOException denial(String message) {
        return hop == Hop.JDK_REDIRECT ? new IOException(message) : new ConnectException(message);
    }

    @Override
    public void record(DecisionRecorder recorder, Decision decision) {
        try (Scope ignored = span.makeCurrent()) {
            AccessRequest.super.record(recorder, decision);
        }
    }
}
