package dev.warden.agent.intercept;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.net.ConnectException;

/** What Warden keeps about one HttpURLConnection between its hooks (weakly keyed by the connection). */
final class UrlConnectionCall {
    final Span span;
    /** The URL last decided, as text: URL.equals would resolve host names. */
    String decidedUrl;
    /** Set once denied: every later use of the connection fails the same way. */
    ConnectException denial;
    Scope scope;
    boolean ended;

    UrlConnectionCall(Span span, String decidedUrl) {
        this.span = span;
        this.decidedUrl = decidedUrl;
    }
}
