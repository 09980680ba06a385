package dev.warden.agent.record;

import static dev.warden.agent.record.WardenAttributes.DNS_QUESTION_NAME;
import static dev.warden.agent.record.WardenAttributes.ERROR_TYPE;
import static dev.warden.agent.record.WardenAttributes.HTTP_REQUEST_METHOD;
import static dev.warden.agent.record.WardenAttributes.HTTP_RESPONSE_STATUS_CODE;
import static dev.warden.agent.record.WardenAttributes.NETWORK_PEER_ADDRESS;
import static dev.warden.agent.record.WardenAttributes.NETWORK_PEER_PORT;
import static dev.warden.agent.record.WardenAttributes.NETWORK_TRANSPORT;
import static dev.warden.agent.record.WardenAttributes.SERVER_ADDRESS;
import static dev.warden.agent.record.WardenAttributes.SERVER_PORT;
import static dev.warden.agent.record.WardenAttributes.URL_FULL;
import static dev.warden.agent.record.WardenAttributes.URL_SCHEME;

import dev.warden.agent.access.DatagramSend;
import dev.warden.agent.access.HostLookup;
import dev.warden.agent.access.ProxiedConnect;
import dev.warden.agent.access.SocketConnect;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.policy.decide.UrlPorts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.net.InetAddress;
import java.net.URI;
import java.util.function.Supplier;

/**
 * The spans of egress: one CLIENT span per HTTP request of a URL-level client, one per socket
 * connect, and one for each denied DNS lookup or datagram (allowed ones would drown the trace).
 * Every span carries the decision, the deciding rule and the policy.
 */
public final class EgressSpans {

    private final Supplier<Tracer> tracer;

    /** {@code tracer} is asked at every span: {@link Telemetry#tracer()} becomes ready after startup. */
    public EgressSpans(Supplier<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** Starts the span of an HTTP request, as a child of the span current on this thread. */
    public Span startHttp(String method, URI uri, Decision decision) {
        Tracer spans = tracer.get();
        return Telemetry.makesNoSpans(spans) ? Span.getInvalid() : startHttp(spans, method, uri, decision, Context.current());
    }

    /** Starts the span of an HTTP request in {@code parent} (under an LLM call's chat span, say). */
    public Span startHttp(String method, URI uri, Decision decision, Context parent) {
        Tracer spans = tracer.get();
        return Telemetry.makesNoSpans(spans) ? Span.getInvalid() : startHttp(spans, method, uri, decision, parent);
    }

    private static Span startHttp(Tracer spans, String method, URI uri, Decision decision, Context parent) {
        String scheme = uri.getScheme();
        SpanBuilder builder = DecisionAttributes.on(spans.spanBuilder(method).setSpanKind(SpanKind.CLIENT), decision)
                .setParent(parent)
                .setAttribute(HTTP_REQUEST_METHOD, method)
                .setAttribute(URL_FULL, urlText(uri))
                .setAttribute(URL_SCHEME, scheme)
                .setAttribute(SERVER_ADDRESS, uri.getHost())
                .setAttribute(SERVER_PORT, (long) UrlPorts.of(uri));
        return builder.startSpan();
    }

    /** The span shows the URL the request was sent to after the HTTP body seam rewrote it. */
    public static void sentTo(Span span, URI uri) {
        span.setAttribute(URL_FULL, urlText(uri));
    }

    /** A URL as Warden shows it in spans and messages: credentials and signatures redacted. */
    public static String urlText(URI uri) {
        return UrlRedaction.redact(uri);
    }

    /** Ends an HTTP span with the response status (0 when none came) or the failure. */
    public static void endHttp(Span span, int statusCode, Throwable error) {
        if (statusCode > 0) {
            span.setAttribute(HTTP_RESPONSE_STATUS_CODE, (long) statusCode);
        }
        if (error != null) {
            span.setAttribute(ERROR_TYPE, error.getClass().getName());
            span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        } else if (statusCode >= 400) {
            span.setAttribute(ERROR_TYPE, Integer.toString(statusCode));
            span.setStatus(StatusCode.ERROR);
        }
        span.end();
    }

    /** Ends a span whose access Warden denied: ERROR status with the denial message. */
    public static void endDenied(Span span, Exception denial) {
        span.setAttribute(ERROR_TYPE, denial.getClass().getName());
        span.setStatus(StatusCode.ERROR, denial.getMessage());
        span.end();
    }

    /** Records a socket connect (TCP, or UDP); {@code denial} is null when it goes ahead. */
    public void connect(SocketConnect connect, Decision decision, Exception denial) {
        Tracer spans = tracer.get();
        if (Telemetry.makesNoSpans(spans)) {
            return;
        }
        InetAddress address = connect.address();
        int port = connect.port();
        String serverName = connect.claimedName();
        boolean datagram = connect.datagram();
        Span span = DecisionAttributes.on(spans.spanBuilder("connect").setSpanKind(SpanKind.CLIENT), decision)
                .setAttribute(NETWORK_TRANSPORT, datagram ? "udp" : "tcp")
                .setAttribute(NETWORK_PEER_ADDRESS, address.getHostAddress())
                .setAttribute(NETWORK_PEER_PORT, (long) port)
                .setAttribute(SERVER_ADDRESS, serverName == null ? address.getHostAddress() : serverName)
                .setAttribute(SERVER_PORT, (long) port)
                .startSpan();
        finish(span, denial);
    }

    /** Records the destination of a connection through a SOCKS proxy (the peer is the proxy). */
    public void proxiedConnect(ProxiedConnect connect, Decision decision, Exception denial) {
        Tracer spans = tracer.get();
        if (Telemetry.makesNoSpans(spans)) {
            return;
        }
        Span span = DecisionAttributes.on(spans.spanBuilder("connect").setSpanKind(SpanKind.CLIENT), decision)
                .setAttribute(NETWORK_TRANSPORT, "tcp")
                .setAttribute(NETWORK_PEER_ADDRESS, connect.proxy().getAddress() != null
                        ? connect.proxy().getAddress().getHostAddress() : connect.proxy().getHostString())
                .setAttribute(NETWORK_PEER_PORT, (long) connect.proxy().getPort())
                .setAttribute(SERVER_ADDRESS, connect.destination().getHostString())
                .setAttribute(SERVER_PORT, (long) connect.destination().getPort())
                .startSpan();
        finish(span, denial);
    }

    /** Records a datagram send that Warden denied or would deny. */
    public void datagramSend(DatagramSend send, Decision decision, Exception denial) {
        if (decision.outcome() == Outcome.ALLOW) {
            return;
        }
        InetAddress address = send.address();
        int port = send.port();
        Span span = DecisionAttributes.on(tracer.get().spanBuilder("send").setSpanKind(SpanKind.CLIENT), decision)
                .setAttribute(NETWORK_TRANSPORT, "udp")
                .setAttribute(NETWORK_PEER_ADDRESS, address.getHostAddress())
                .setAttribute(NETWORK_PEER_PORT, (long) port)
                .startSpan();
        finish(span, denial);
    }

    /** Records a DNS lookup that Warden denied or would deny. */
    public void lookup(HostLookup lookup, Decision decision, Exception denial) {
        if (decision.outcome() == Outcome.ALLOW) {
            return;
        }
        Span span = DecisionAttributes.on(tracer.get().spanBuilder("resolve").setSpanKind(SpanKind.CLIENT), decision)
                .setAttribute(DNS_QUESTION_NAME, lookup.host())
                .startSpan();
        finish(span, denial);
    }

    private static void finish(Span span, Exception denial) {
        if (denial != null) {
            endDenied(span, denial);
        } else {
            span.end();
        }
    }
}
