package dev.warden.agent.intercept;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;

/** What Warden keeps about one HttpURLConnection between its hooks (weakly keyed by the connection). */
final class UrlConnectionCall {
    final Span span;
    /** The URL last decided, as text: URL.equals would resolve host names. */
    String decidedUrl;
    /** Set once denied: every later use of the connection fails the same way. */
    java.io.IOException denial;
    Scope scope;
    /** Its headers carry a credential's real value: a redirect hop elsewhere is refused. */
    boolean gotCredentials;
    /**
     * A query that carried placeholders: the app's raw query and the same with the credentials' values, put into the
     * request-target while the connection still goes to {@link #credentialsDestination} (host:port); else null.
     */
    String appQuery;
    String queryWithValues;
    String credentialsDestination;
    boolean ended;
    /** The HTTP body seam's participants in this request, or null. */
    dev.warden.agent.apply.body.HttpBodySeam.Exchange bodies;
    /** The decision that allowed it, and the request's Content-Type as set before connecting. */
    dev.warden.agent.decide.Decision decision;
    String contentType;
    /** The body the app wrote, held until the request is sent; and the connection's own buffer it then goes to. */
    java.io.ByteArrayOutputStream heldBody;
    java.io.OutputStream poster;
    java.io.OutputStream appOutput;
    /** The response stream the connection returned, and the seam's stream over it that the app reads. */
    java.io.InputStream rawInput;
    java.io.InputStream appInput;

    UrlConnectionCall(Span span, String decidedUrl) {
        this.span = span;
        this.decidedUrl = decidedUrl;
    }
}
