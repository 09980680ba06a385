package dev.warden.bootstrap;

import java.io.IOException;

/**
 * What the agent does at the entry points of HTTP client libraries the app loads itself (OkHttp,
 * Apache HttpClient 5, Reactor Netty). Implemented by the agent core, reached only through {@link HttpLibraryBridge}.
 *
 * <p>Library types are passed as {@code Object}: the bridge lives in the boot loader, which cannot
 * see the app's classes. Where the advice can name the library's types itself (Apache HttpClient),
 * it passes plain strings instead.
 */
public interface HttpLibraryHooks {

    /**
     * A request of a URL-level client: decide it and start its span. Returns the call handle for
     * {@link #traceparent} and {@link #end}. A denial is thrown as a {@code ConnectException}, whose
     * message says "redirect to" when {@code redirect} (a hop the client follows on its own).
     * {@code hostHeader}: the {@code Host} header the app set on the request, or null.
     */
    Object begin(String method, String url, String hostHeader, boolean redirect) throws IOException;

    /** The W3C {@code traceparent} value naming the call's span, or null. */
    String traceparent(Object call);

    /** The response arrived ({@code status} > 0) or the request failed ({@code thrown}): ends the span. */
    void end(Object call, int status, Throwable thrown);

    /**
     * An asynchronous exchange's callback wrapped so that it ends the call's span when the exchange
     * completes or fails; {@code callbackType} names the interface to implement.
     */
    Object endingCallback(Object call, Object callback, String callbackType);

    /** OkHttp: a call begins with its original request; the span is made current on this thread. */
    Object beginOkHttpCall(Object request) throws IOException;

    /** OkHttp: the call returned its response or failed. */
    void endOkHttpCall(Object call, Object response, Throwable thrown);

    /** OkHttp: a follow-up request (redirect) the client is about to send. */
    void beforeOkHttpFollowUp(Object request) throws IOException;

    /** OkHttp: the request whose headers go on the wire, with the current call's {@code traceparent}. */
    Object okHttpRequestOnTheWire(Object request);

    /**
     * Reactor Netty: an attempt of {@code request} (the client's per-request handler: the first
     * attempt, each redirect hop, each retry) is about to acquire its connection. Decides it and
     * starts its span, which stays the request's current attempt until {@link #endReactorAttempt}.
     * A denial is thrown as in {@link #begin}.
     */
    void beginReactorAttempt(Object request, String method, String url, boolean redirect) throws IOException;

    /**
     * Reactor Netty: an attempt's request head, allowed by its URL, is about to be sent with
     * {@code hostHeader} (null: none); a Host naming an authority the rules do not allow is
     * thrown as in {@link #begin}, and nothing of the request is sent.
     */
    void reactorHeadersSent(String method, String url, String hostHeader) throws IOException;

    /** Reactor Netty: the {@code traceparent} naming the request's current attempt, or null. */
    String reactorTraceparent(Object request);

    /**
     * Reactor Netty: the current attempt's response arrived ({@code status} > 0) or the attempt
     * ended with {@code thrown} (a redirect to follow, a retry, a failure): ends its span.
     */
    void endReactorAttempt(Object request, int status, Throwable thrown);

    /**
     * The request's path and headers ({@code [path, name, value, ...]}) with the credentials' real values in place of
     * their placeholders, or null when none is carried; a placeholder for another destination is a
     * {@code ConnectException}.
     */
    String[] credentials(Object call, String[] pathAndHeaders) throws IOException;
}
