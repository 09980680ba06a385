package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.DatagramSend;
import dev.warden.agent.access.HostLookup;
import dev.warden.agent.access.HttpRequestHop.Hop;
import dev.warden.agent.access.ProxiedConnect;
import dev.warden.agent.access.SocketConnect;
import dev.warden.agent.apply.TraceHeaders;
import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.apply.credential.CredentialInjection;
import dev.warden.agent.decide.DatabaseSockets;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.Denial;
import dev.warden.bootstrap.WardenHooks;
import dev.warden.policy.decide.UrlPorts;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.URI;
import java.net.URL;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The egress hooks: each turns an intercepted call into a request, has it decided, applies the
 * decision (go ahead, or the API's own exception) and records it (span, denial line).
 */
public final class EgressHooks implements WardenHooks {

    private final EgressDecider decider;
    private final EgressSpans spans;
    private final DatabaseSockets databaseSockets;
    private final AccessMediator mediator;
    private final HttpRequests http;
    private final HttpBodySeam bodies;
    private final AccessSpans<HostLookup> lookupSpans;
    private final AccessSpans<SocketConnect> connectSpans;
    private final AccessSpans<DatagramSend> datagramSpans;
    private final AccessSpans<ProxiedConnect> proxiedSpans;
    private final Map<HttpURLConnection, UrlConnectionCall> urlCalls = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param databaseSockets what an allowed JDBC connect may reach on its own thread
     * @param bodies          the HTTP body seam allowed requests pass through
     */
    private final CredentialInjection credentials;
    private final UrlConnectionHeaders urlHeaders;

    /** {@code credentials} and {@code urlHeaders}: secretless credentials in the headers HttpURLConnection sends. */
    public EgressHooks(EgressDecider decider, EgressSpans spans, DatabaseSockets databaseSockets, AccessMediator mediator,
            HttpRequests http, HttpBodySeam bodies, CredentialInjection credentials, UrlConnectionHeaders urlHeaders) {
        this.credentials = credentials;
        this.urlHeaders = urlHeaders;
        this.decider = decider;
        this.spans = spans;
        this.databaseSockets = databaseSockets;
        this.mediator = mediator;
        this.http = http;
        this.bodies = bodies;
        this.lookupSpans = spans::lookup;
        this.connectSpans = spans::connect;
        this.datagramSpans = spans::datagramSend;
        this.proxiedSpans = spans::proxiedConnect;
    }

    // ---- DNS ----

    @Override
    public void beforeLookup(String host) throws UnknownHostException {
        if (host == null || host.isEmpty() || isNumericIpv4(host)) {
            return;
        }
        UnknownHostException denial = mediator.mediate(new HostLookup(host), this::decideLookup, lookupSpans);
        if (denial != null) {
            throw denial;
        }
    }

    /** A name an allowed JDBC connect reaches on its own thread may be looked up. */
    private Decision decideLookup(HostLookup lookup) {
        Decision decision = decider.lookup(lookup.host());
        if (decision.outcome() != Outcome.ALLOW) {
            Decision forDatabase = databaseSockets.lookup(lookup.host());
            return forDatabase != null ? forDatabase : decision;
        }
        return decision;
    }

    @Override
    public void afterLookup(String host, InetAddress[] addresses) {
        // an IP literal comes back without a name: it was no lookup, and opens nothing by name
        if (host != null && addresses.length > 0 && EgressDecider.claimedName(addresses[0]) != null) {
            decider.resolved(host, addresses);
        }
    }

    /**
     * The JDK reads {@code 2130706433}, {@code 127.1} and {@code 127.0.1} as IPv4 literals (one to
     * four decimal parts without leading zeros, the last one filling the remaining bytes): no lookup
     * happens, and the address they spell is decided at connect.
     */
    static boolean isNumericIpv4(String host) {
        // one pass over the text, no split: every lookup of a name asks this first
        int dots = 0;
        for (int i = 0; i < host.length(); i++) {
            if (host.charAt(i) == '.') {
                dots++;
            }
        }
        if (dots > 3) {
            return false;
        }
        int parts = dots + 1;
        int start = 0;
        for (int part = 0; part < parts; part++) {
            int end = host.indexOf('.', start);
            if (end < 0) {
                end = host.length();
            }
            int length = end - start;
            if (length == 0 || length > 10 || (length > 1 && host.charAt(start) == '0')) {
                return false;
            }
            long value = 0;
            for (int c = start; c < end; c++) {
                char digit = host.charAt(c);
                if (digit < '0' || digit > '9') {
                    return false;
                }
                value = value * 10 + (digit - '0');
            }
            long limit = part < parts - 1 ? 0xFFL : (1L << (8 * (5 - parts))) - 1;
            if (value > limit) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    // ---- sockets ----

    @Override
    public void beforeConnect(InetAddress address, int port, boolean datagram, SocketAddress socksDestination,
            boolean proxyDestinationDecided) throws IOException {
        boolean throughProxy = socksDestination instanceof InetSocketAddress destination && !isDirect(destination, address, port);
        if (throughProxy) {
            decideProxied(new ProxiedConnect((InetSocketAddress) socksDestination, new InetSocketAddress(address, port),
                    ProxiedConnect.SOCKS));
        }
        ConnectException denial = mediator.mediate(new SocketConnect(address, port, EgressDecider.claimedName(address), datagram),
                connect -> decideConnect(connect, throughProxy || proxyDestinationDecided), connectSpans);
        if (denial != null) {
            throw denial;
        }
    }

    /**
     * Netty's proxy handlers ({@code Socks5ProxyHandler}, {@code Socks4ProxyHandler},
     * {@code HttpProxyHandler}) ask the proxy for the destination the channel was told to connect
     * to: decided as a SOCKS destination is. A destination of another kind (a unix socket) names no
     * host; a proxy that is not a network address (a unix socket) is shown by its name.
     */
    @Override
    public void beforeProxyHandlerConnect(SocketAddress destination, SocketAddress proxy, String protocol)
            throws IOException {
        if (destination instanceof InetSocketAddress target) {
            InetSocketAddress proxyAddress = proxy instanceof InetSocketAddress network ? network
                    : InetSocketAddress.createUnresolved(String.valueOf(proxy), 0);
            String kind = String.valueOf(protocol).toUpperCase(Locale.ROOT); // socks5, socks4, http
            decideProxied(new ProxiedConnect(target, proxyAddress, kind.startsWith(ProxiedConnect.SOCKS) ? ProxiedConnect.SOCKS : kind));
        }
    }

    private void decideProxied(ProxiedConnect connect) throws ConnectException {
        ConnectException refused = mediator.mediate(connect, proxied -> decider.connectThroughProxy(proxied.destination()),
                proxiedSpans);
        if (refused != null) {
            throw refused;
        }
    }

    /** A SOCKS-capable connect that no proxy applies to connects to its destination itself. */
    private static boolean isDirect(InetSocketAddress destination, InetAddress address, int port) {
        return address.equals(destination.getAddress()) && port == destination.getPort();
    }

    /**
     * What an allowed JDBC connect reaches on its own thread is that connection's; a TCP connect to this
     * process's own listening socket stays in the process. {@code toDecidedDestination}: a SOCKS connect,
     * whose destination was decided just now.
     */
    private Decision decideConnect(SocketConnect connect, boolean toDecidedDestination) {
        Decision decision = decider.connect(connect.address(), connect.port(), toDecidedDestination);
        if (decision.outcome() != Outcome.ALLOW && !connect.datagram()) {
            Decision forDatabase = databaseSockets.connect(connect.address(), connect.port());
            if (forDatabase != null) {
                return forDatabase;
            }
            Decision toOwnListener = decider.toOwnListener(connect.address(), connect.port());
            return toOwnListener != null ? toOwnListener : decision;
        }
        return decision;
    }

    @Override
    public void beforeDatagramSend(InetSocketAddress target) throws SocketException {
        InetAddress address = target.getAddress();
        if (address == null) {
            return; // unresolved: the JDK refuses it itself
        }
        SocketException denial = mediator.mediate(new DatagramSend(address, target.getPort(), target.getHostString()),
                send -> decider.connect(send.address(), send.port()), datagramSpans);
        if (denial != null) {
            throw denial;
        }
    }

    // ---- JDK HttpClient: the call handle is the request's span ----

    @Override
    public Object beforeHttpClientSend(Object httpRequest) {
        HttpRequest request = (HttpRequest) httpRequest;
        URI uri = request.uri();
        Decision decision = http.decide(request.method(), uri, request.headers().firstValue("Host").orElse(null));
        HttpBodySeam.Exchange exchange = decision.outcome() == Outcome.ALLOW ? bodies.open(request.method(), uri, decision) : null;
        URI shown = HttpBodySeam.shown(uri, exchange);
        Span span = spans.startHttp(request.method(), shown, decision, HttpBodySeam.httpSpanParent(exchange));
        IOException denial = http.apply(request.method(), shown, span, Hop.REQUEST, decision);
        if (denial != null) {
            return new Denial(denial);
        }
        if (exchange == null) {
            return new HttpClientCall(span, null, null);
        }
        try {
            HttpRequest rewritten = JdkHttpClientBodies.request(request, exchange, span);
            exchange.record(span);
            return new HttpClientCall(span, rewritten, exchange);
        } catch (RequestRefused refused) {
            exchange.record(span);
            ConnectException refusal = HttpRequests.refusedBody(request.method(), shown, refused, decision);
            EgressSpans.endDenied(span, refusal);
            exchange.failed(refusal);
            return new Denial(refusal);
        }
    }

    @Override
    public Object httpClientRequest(Object call, Object httpRequest) {
        HttpClientCall clientCall = (HttpClientCall) call;
        HttpRequest toSend = clientCall.request() != null ? clientCall.request() : (HttpRequest) httpRequest;
        return TraceHeaders.withTraceparent(toSend, clientCall.span());
    }

    @Override
    public Object afterHttpClientSend(Object call, Object responseFuture, Throwable thrown) {
        HttpClientCall clientCall = (HttpClientCall) call;
        Span span = clientCall.span();
        if (thrown != null || responseFuture == null) {
            EgressSpans.endHttp(span, 0, thrown);
            failed(clientCall.exchange(), thrown);
            return responseFuture;
        }
        return SpanEndingFuture.relay((CompletableFuture<?>) responseFuture, (response, error) -> {
            Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            EgressSpans.endHttp(span, response instanceof HttpResponse ? ((HttpResponse<?>) response).statusCode() : 0, cause);
            failed(clientCall.exchange(), cause);
        });
    }

    @Override
    public void beforeHttpClientRedirect(Object httpRequest) throws IOException {
        HttpRequest request = (HttpRequest) httpRequest;
        Decision leak = credentials.leakOnRedirect(decider.active(), request.uri(), request.headers().map().values());
        IOException denial = leak != null ? http.refusedRedirect(request.method(), request.uri(), Hop.JDK_REDIRECT, leak)
                : http.redirect(request.method(), request.uri(), Hop.JDK_REDIRECT);
        if (denial != null) {
            throw denial;
        }
    }

    // ---- HttpURLConnection ----

    @Override
    public void beforeUrlRequest(Object connection) throws IOException {
        HttpURLConnection http = (HttpURLConnection) connection;
        UrlConnectionCall call = urlCalls.get(http);
        if (call != null) {
            if (call.denial != null) {
                throw new ConnectException(call.denial.getMessage());
            }
            return;
        }
        call = decideNewRequest(http);
        String traceparent = TraceHeaders.traceparent(call.span);
        if (traceparent != null) {
            try {
                http.setRequestProperty(TraceHeaders.TRACEPARENT, traceparent);
            } catch (IllegalStateException alreadyConnecting) {
                // reached through plainConnect only: the request headers are fixed by now
            }
        }
    }

    @Override
    public void beforeUrlConnect(Object connection) throws IOException {
        HttpURLConnection http = (HttpURLConnection) connection;
        UrlConnectionCall call = urlCalls.get(http);
        if (call == null) {
            call = decideNewRequest(http);
        } else if (call.denial != null) {
            throw new ConnectException(call.denial.getMessage());
        } else {
            String url = http.getURL().toExternalForm();
            if (!url.equals(call.decidedUrl)) {
                decideRedirect(http, call, url);
            }
        }
        // without spans there is no parent to hand the connect's own spans
        call.scope = call.span.getSpanContext().isValid() ? call.span.makeCurrent() : null;
    }

    @Override
    public void afterUrlConnect(Object connection, Throwable thrown) {
        UrlConnectionCall call = urlCalls.get((HttpURLConnection) connection);
        if (call == null) {
            return;
        }
        if (call.scope != null) {
            call.scope.close();
            call.scope = null;
        }
        if (thrown != null && !call.ended) {
            call.ended = true;
            EgressSpans.endHttp(call.span, 0, thrown);
            failed(call.bodies, thrown);
        }
    }

    @Override
    public void afterUrlResponse(Object connection, int responseCode, Throwable thrown) {
        UrlConnectionCall call = urlCalls.get((HttpURLConnection) connection);
        if (call == null || call.ended) {
            return;
        }
        call.ended = true;
        // the status is the span's: read again only for a span that records it
        int status = responseCode > 0 || !call.span.isRecording() ? responseCode : responseCodeOf((HttpURLConnection) connection, thrown);
        // an HTTP error status is the error.type; the IOException it causes adds nothing
        EgressSpans.endHttp(call.span, status, status >= 400 ? null : thrown);
        // an error status comes with getErrorStream, which does not pass the body seam
        failed(call.bodies, thrown);
    }

    /** Tells the body seam's participants that the exchange ended without its response body (when it has them). */
    private static void failed(HttpBodySeam.Exchange exchange, Throwable error) {
        if (exchange != null && error != null) {
            exchange.failed(error);
        }
    }

    /**
     * {@code getInputStream} parses the status line but only {@code getResponseCode} stores it; the line
     * is read where the connection keeps it ({@code getResponseCode} would run {@code getInputStream} again).
     */
    private int responseCodeOf(HttpURLConnection connection, Throwable thrown) {
        if (thrown != null) {
            return 0;
        }
        try {
            return Math.max(urlHeaders.status(connection), 0);
        } catch (ReflectiveOperationException unreadable) {
            return 0;
        }
    }

    private UrlConnectionCall decideNewRequest(HttpURLConnection http) throws IOException {
        URL url = http.getURL();
        String urlText = url.toExternalForm();
        URI uri = UrlUris.of(url, urlText);
        String method = http.getRequestMethod();
        Decision decision = this.http.decide(method, uri, hostHeaderOf(http));
        HttpBodySeam.Exchange exchange = decision.outcome() == Outcome.ALLOW ? bodies.open(method, uri, decision) : null;
        URI shown = HttpBodySeam.shown(uri, exchange);
        UrlConnectionCall call = new UrlConnectionCall(spans.startHttp(method, shown, decision,
                HttpBodySeam.httpSpanParent(exchange)), urlText);
        urlCalls.put(http, call);
        applyToUrlCall(call, method, shown, decision);
        if (decision.outcome() == Outcome.ALLOW) {
            injectCredentials(http, call, method, uri, shown, decision);
        }
        if (exchange != null) {
            call.bodies = exchange;
            call.decision = decision;
            try {
                call.contentType = http.getRequestProperty("Content-Type");
            } catch (IllegalStateException alreadyConnected) {
                // the request's headers can no longer be read: its body is read without a type
            }
        }
        return call;
    }

    /**
     * Secretless credentials in the headers the app set (its body goes through the body seam) and in its query (put
     * into the request-target as the connection writes it, {@link #requestTarget}); a placeholder for another
     * destination refuses the request, and the refusal sticks to the connection.
     */
    private void injectCredentials(HttpURLConnection http, UrlConnectionCall call, String method, URI uri, URI shown,
            Decision decision) throws IOException {
        CredentialInjection.Injection injection = credentials.open(method, uri, decision);
        if (injection == null) {
            return;
        }
        List<String[]> pairs;
        try {
            pairs = urlHeaders.read(http);
        } catch (ReflectiveOperationException unreadable) {
            throw new IllegalStateException("HttpURLConnection's headers", unreadable);
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        pairs.forEach(pair -> headers.computeIfAbsent(pair[0], name -> new ArrayList<>()).add(pair[1]));
        OutgoingRequest request = new OutgoingRequest(method, uri, headers, null, null);
        try {
            injection.request(request);
        } catch (RequestRefused refused) {
            URI withoutQuery = uri.getRawQuery() == null ? shown
                    : URI.create(uri.toString().substring(0, uri.toString().indexOf('?')));
            ConnectException denial = HttpRequests.refusedBody(method, withoutQuery, refused, decision);
            call.denial = denial;
            call.ended = true;
            EgressSpans.endDenied(call.span, denial);
            throw denial;
        }
        Map<String, Integer> taken = new HashMap<>();
        Map<List<String>, String> sent = new HashMap<>();
        for (String[] pair : pairs) {
            String value = request.headers().get(pair[0]).get(taken.merge(pair[0], 1, Integer::sum) - 1);
            if (!value.equals(pair[1])) {
                sent.put(List.of(pair[0], pair[1]), value);
            }
        }
        try {
            urlHeaders.replace(http, sent);
        } catch (ReflectiveOperationException unwritable) {
            throw new IllegalStateException("HttpURLConnection's headers", unwritable);
        }
        String appQuery = uri.getRawQuery();
        String queryWithValues = request.uri().getRawQuery();
        if (appQuery != null && queryWithValues != null && !appQuery.equals(queryWithValues)) {
            call.appQuery = appQuery;
            call.queryWithValues = queryWithValues;
            call.credentialsDestination = destinationOf(uri);
        }
        call.gotCredentials = true;
        injection.record(call.span);
    }

    @Override
    public String requestTarget(Object connection, String target) {
        UrlConnectionCall call = urlCalls.get((HttpURLConnection) connection);
        if (call == null || call.queryWithValues == null || target == null) {
            return target;
        }
        URI now = URI.create(((HttpURLConnection) connection).getURL().toString());
        if (!call.credentialsDestination.equals(destinationOf(now))) {
            return target; // a redirect hop elsewhere: the values stay home
        }
        int query = target.lastIndexOf("?" + call.appQuery);
        return query < 0 ? target
                : target.substring(0, query + 1) + call.queryWithValues + target.substring(query + 1 + call.appQuery.length());
    }

    private static String destinationOf(URI uri) {
        return uri.getHost() + ":" + UrlPorts.of(uri);
    }

    /** The Host header the app set (sent only when {@code sun.net.http.allowRestrictedHeaders} lets it), or null. */
    private static String hostHeaderOf(HttpURLConnection connection) {
        try {
            return connection.getRequestProperty("Host");
        } catch (IllegalStateException alreadyConnected) {
            return null; // the request's headers can no longer be read, nor changed
        }
    }

    /** What Warden keeps about this connection, or null when it was not decided. */
    UrlConnectionCall urlCall(HttpURLConnection connection) {
        return urlCalls.get(connection);
    }

    /** A redirect hop: the new URL is decided like a new request, within the same span. */
    private void decideRedirect(HttpURLConnection http, UrlConnectionCall call, String url) throws IOException {
        call.decidedUrl = url;
        URI uri = UrlUris.of(http.getURL(), url);
        Decision leak = null;
        if (call.gotCredentials) {
            try {
                leak = credentials.leakOnRedirect(decider.active(), uri,
                        urlHeaders.read(http).stream().map(pair -> List.of(pair[1])).toList());
            } catch (ReflectiveOperationException unreadable) {
                throw new IllegalStateException("HttpURLConnection's headers", unreadable);
            }
        }
        applyToUrlCall(call, http.getRequestMethod(), uri, leak != null ? leak : this.http.decide(http.getRequestMethod(), uri));
    }

    /** A denial ends the call's span and sticks to the connection: every later use fails alike. */
    private void applyToUrlCall(UrlConnectionCall call, String method, URI uri, Decision decision) throws IOException {
        IOException denial = http.apply(method, uri, call.span, Hop.REQUEST, decision);
        if (denial != null) {
            call.denial = denial;
            call.ended = true;
            throw denial;
        }
    }

    // ---- failures inside Warden ----

    @Override
    public void internalError(String hook, Throwable error) {
        WardenLog.warn("internal error in the " + hook + " hook: " + error);
    }
}
