package dev.warden.agent.apply;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.net.http.HttpRequest;

/** W3C Trace Context: the {@code traceparent} header that links the peer's spans to Warden's. */
public final class TraceHeaders {

    public static final String TRACEPARENT = "traceparent";

    private TraceHeaders() {
    }

    /** The header value for a span, or null when the span is not recording a valid trace. */
    public static String traceparent(Span span) {
        SpanContext context = span.getSpanContext();
        if (!context.isValid()) {
            return null;
        }
        return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
    }

    /** A copy of the request with this span's {@code traceparent} (an earlier one replaced). */
    public static HttpRequest withTraceparent(HttpRequest request, Span span) {
        String value = traceparent(span);
        if (value == null) {
            return request;
        }
        return HttpRequest.newBuilder(request, (name, v) -> !name.equalsIgnoreCase(TRACEPARENT))
                .header(TRACEPARENT, value)
                .build();
    }
}
