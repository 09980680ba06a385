package dev.warden.agent.intercept;

import dev.warden.agent.access.HttpRequestHop.Hop;
import dev.warden.agent.apply.TraceHeaders;
import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.EgressSpans;
import dev.warden.bootstrap.HttpLibraryHooks;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.net.URISyntaxException;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.apply.credential.CredentialInjection;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * HTTP client libraries the app loads (OkHttp, Apache HttpClient 5, Reactor Netty): each request is decided by
 * URL (scheme, host, port, method, path) before anything is sent, gets an HTTP client span and
 * carries a {@code traceparent}; a redirect hop is decided like a new request.
 */
public final class HttpLibraryCalls implements HttpLibraryHooks {

    private final HttpRequests http;
    /** Reactor Netty requests in flight (weakly: a cancelled request never reports its end). */
    private final Map<Object, ReactorRequest> reactorRequests = Collections.synchronizedMap(new WeakHashMap<>());
    private final HttpBodySeam bodies;
    /** The OkHttp call running its interceptor chain on this thread, for the body seam. */
    private final ThreadLocal<LibraryCall> currentOkHttpCall = new ThreadLocal<>();

    private final CredentialInjection credentials;

    /**
     * {@code bodies}: the HTTP body seam OkHttp requests pass through; {@code credentials}: for the libraries whose
     * requests do not (Apache HttpClient 5).
     */
    public HttpLibraryCalls(HttpRequests http, HttpBodySeam bodies, CredentialInjection credentials) {
        this.http = http;
        this.bodies = bodies;
        this.credentials = credentials;
    }

    @Override
    public Object begin(String method, String url, String hostHeader, boolean redirect) throws IOException {
        return begin(method, toUri(url), hostHeader, redirect, false);
    }

    /** {@code throughBodySeam}: the call's bodies pass through the HTTP body seam (OkHttp). */
    private LibraryCall begin(String method, URI uri, String hostHeader, boolean redirect, boolean throughBodySeam)
            throws IOException {
        Decision leak = redirect ? credentials.leakOnRedirect(http.policy(), uri, List.of()) : null;
        Decision decision = leak != null ? leak : http.decide(method, uri, hostHeader);
        HttpBodySeam.Exchange exchange = throughBodySeam && decision.outcome() == Outcome.ALLOW
                ? bodies.open(method, uri, decision) : null;
        URI shown = HttpBodySeam.shown(uri, exchange);
        Span span = http.spans().startHttp(method, shown, decision, HttpBodySeam.httpSpanParent(exchange));
        IOException denial = http.apply(method, shown, span, redirect ? Hop.LIBRARY_REDIRECT : Hop.REQUEST, decision);
        if (denial != null) {
            throw denial;
        }
        LibraryCall call = new LibraryCall(span);
        call.method = method;
        call.uri = uri;
        call.decision = decision;
        call.bodies = exchange;
        return call;
    }

    @Override
    public String[] credentials(Object call, String[] pathAndHeaders) throws IOException {
        LibraryCall libraryCall = (LibraryCall) call;
        CredentialInjection.Injection injection = credentials.open(libraryCall.method, libraryCall.uri, libraryCall.decision);
        if (injection == null) {
            return null;
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 1; i + 1 < pathAndHeaders.length; i += 2) {
            headers.computeIfAbsent(pathAndHeaders[i], name -> new ArrayList<>()).add(pathAndHeaders[i + 1]);
        }
        OutgoingRequest request = new OutgoingRequest(libraryCall.method, libraryCall.uri, headers, null, null);
        try {
            injection.request(request);
        } catch (RequestRefused refused) {
            String url = libraryCall.uri.toString();
            URI shown = libraryCall.uri.getRawQuery() == null ? libraryCall.uri : URI.create(url.substring(0, url.indexOf('?')));
            ConnectException denial = HttpRequests.refusedBody(libraryCall.method, shown, refused, libraryCall.decision);
            if (libraryCall.markEnded()) {
                EgressSpans.endDenied(libraryCall.span, denial);
            }
            throw denial;
        }
        if (!request.changed()) {
            return null;
        }
        injection.record(libraryCall.span);
        String[] sent = pathAndHeaders.clone();
        URI uri = request.uri();
        sent[0] = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        Map<String, Integer> taken = new HashMap<>();
        for (int i = 1; i + 1 < sent.length; i += 2) {
            int index = taken.merge(sent[i], 1, Integer::sum) - 1;
            sent[i + 1] = request.headers().get(sent[i]).get(index);
        }
        return sent;
    }

    @Override
    public String traceparent(Object call) {
        return TraceHeaders.traceparent(((LibraryCall) call).span);
    }

    @Override
    public void end(Object call, int status, Throwable thrown) {
        LibraryCall libraryCall = (LibraryCall) call;
        if (libraryCall.markEnded()) {
            EgressSpans.endHttp(libraryCall.span, status, status >= 400 ? null : thrown);
        }
        if (thrown != null && libraryCall.bodies != null) {
            libraryCall.bodies.failed(thrown);
        }
    }

    @Override
    public Object endingCallback(Object call, Object callback, String callbackType) {
        ClassLoader loader = callback.getClass().getClassLoader();
        Class<?> type;
        try {
            type = Class.forName(callbackType, false, loader);
        } catch (ClassNotFoundException notThere) {
            throw new IllegalStateException(callbackType + " is not visible to " + loader, notThere);
        }
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                new SpanEndingCallback((LibraryCall) call, callback));
    }

    /**
     * Apache HttpClient's {@code AsyncExecCallback}: {@code handleResponse} brings the status,
     * {@code completed} or {@code failed} ends the exchange. The span ends before the app's callback
     * runs, so an app that exits right after its future completes loses no span.
     */
    private final class SpanEndingCallback implements InvocationHandler {
        private final LibraryCall call;
        private final Object delegate;
        private volatile int status;

        SpanEndingCallback(LibraryCall call, Object delegate) {
            this.call = call;
            this.delegate = delegate;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (name.equals("handleResponse") && args != null && args.length > 0 && args[0] != null) {
                status = (Integer) args[0].getClass().getMethod("getCode").invoke(args[0]);
            } else if (name.equals("completed") && (args == null || args.length == 0)) {
                end(call, status, null);
            } else if (name.equals("failed") && args != null && args.length == 1 && args[0] instanceof Throwable) {
                end(call, status, (Throwable) args[0]);
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException thrownByDelegate) {
                throw thrownByDelegate.getCause();
            }
        }
    }

    // ---- OkHttp ----

    @Override
    public Object beginOkHttpCall(Object request) throws IOException {
        String method = OkHttpObjects.method(request);
        String url = OkHttpObjects.url(request);
        LibraryCall call = begin(method, toUri(url), OkHttpObjects.header(request, "Host"), false, true);
        call.scope = call.span.makeCurrent();
        call.outer = currentOkHttpCall.get();
        currentOkHttpCall.set(call);
        return call;
    }

    /** The OkHttp call whose chain runs on this thread, or null. */
    LibraryCall currentOkHttpCall() {
        return currentOkHttpCall.get();
    }

    @Override
    public void endOkHttpCall(Object call, Object response, Throwable thrown) {
        LibraryCall libraryCall = (LibraryCall) call;
        if (libraryCall.scope != null) {
            libraryCall.scope.close();
            libraryCall.scope = null;
        }
        if (currentOkHttpCall.get() == libraryCall) {
            if (libraryCall.outer == null) {
                currentOkHttpCall.remove();
            } else {
                currentOkHttpCall.set(libraryCall.outer);
            }
        }
        end(libraryCall, response == null ? 0 : OkHttpObjects.code(response), thrown);
    }

    /** The call's span covers the allowed hops; a refused hop gets its own, as a child. */
    @Override
    public void beforeOkHttpFollowUp(Object request) throws IOException {
        URI uri = toUri(OkHttpObjects.url(request));
        Decision leak = credentials.leakOnRedirect(http.policy(), uri, List.of());
        IOException denial = leak != null ? http.refusedRedirect(OkHttpObjects.method(request), uri, Hop.LIBRARY_REDIRECT, leak)
                : http.redirect(OkHttpObjects.method(request), uri, Hop.LIBRARY_REDIRECT);
        if (denial != null) {
            throw denial;
        }
    }

    @Override
    public Object okHttpRequestOnTheWire(Object request) {
        String traceparent = TraceHeaders.traceparent(Span.current());
        return traceparent == null ? request : OkHttpObjects.withHeader(request, TraceHeaders.TRACEPARENT, traceparent);
    }

    // ---- Reactor Netty ----

    /** The caller's context when the request began (the parent of every attempt's span) and the attempt in flight. */
    private static final class ReactorRequest {
        final Context parent;
        volatile LibraryCall attempt;

        ReactorRequest(Context parent) {
            this.parent = parent;
        }
    }

    @Override
    public void beginReactorAttempt(Object request, String method, String url, boolean redirect) throws IOException {
        ReactorRequest inFlight = reactorRequests.computeIfAbsent(request, first -> new ReactorRequest(Context.current()));
        endReactorAttempt(request, 0, null);
        // redirect hops and retries start on an event loop: their spans join the caller's trace
        try (Scope ignored = inFlight.parent.makeCurrent()) {
            inFlight.attempt = (LibraryCall) begin(method, url, null, redirect);
        }
    }

    /**
     * The attempt's URL was decided when it began; the {@code Host} header it sends is complete only
     * now (the app's send function, and Spring WebClient, set headers after the attempt began), and
     * Reactor Netty sends it as HTTP/2's {@code :authority} too. A refusal gets a span of its own;
     * the attempt's span ends with the failure at the retry filter.
     */
    @Override
    public void reactorHeadersSent(String method, String url, String hostHeader) throws IOException {
        if (hostHeader == null) {
            return;
        }
        URI uri = toUri(url);
        Decision refusal = http.decideAuthority(method, uri, hostHeader);
        if (refusal == null) {
            return;
        }
        Span span = http.spans().startHttp(method, uri, refusal);
        IOException denial = http.apply(method, uri, span, Hop.REQUEST, refusal);
        if (denial != null) {
            throw denial;
        }
        span.end();
    }

    @Override
    public String reactorTraceparent(Object request) {
        ReactorRequest inFlight = reactorRequests.get(request);
        LibraryCall attempt = inFlight == null ? null : inFlight.attempt;
        return attempt == null ? null : traceparent(attempt);
    }

    @Override
    public void endReactorAttempt(Object request, int status, Throwable thrown) {
        ReactorRequest inFlight = reactorRequests.get(request);
        LibraryCall attempt = inFlight == null ? null : inFlight.attempt;
        if (attempt == null) {
            return;
        }
        inFlight.attempt = null;
        int redirectStatus = ReactorNettyObjects.redirectStatus(thrown);
        end(attempt, redirectStatus > 0 ? redirectStatus : status, redirectStatus > 0 ? null : thrown);
    }

    private static URI toUri(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException unreadable) {
            throw new IllegalArgumentException("cannot read URL " + url, unreadable);
        }
    }
}
