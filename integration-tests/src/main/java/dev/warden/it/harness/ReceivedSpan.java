package dev.warden.it.harness;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A span as it arrived at the {@link OtlpReceiver}: decoded from OTLP protobuf, with its resource and scope.
 * Ids are lower-case hex ({@code parentSpanId} is "" for a root span); kind is {@code CLIENT}, {@code SERVER},
 * {@code INTERNAL}, ...; status code is {@code UNSET}, {@code OK} or {@code ERROR}. Attribute values are
 * String, Long, Double, Boolean, List or byte[].
 */
public record ReceivedSpan(
        String protocol,
        Map<String, Object> resource,
        String scopeName,
        String scopeVersion,
        String traceId,
        String spanId,
        String parentSpanId,
        String name,
        String kind,
        Map<String, Object> attributes,
        String statusCode,
        String statusMessage,
        long startEpochNanos,
        long endEpochNanos,
        List<String> eventNames) {

    public Object attr(String key) {
        return attributes.get(key);
    }

    public String str(String key) {
        Object v = attributes.get(key);
        return v == null ? null : v.toString();
    }

    public Long lng(String key) {
        Object v = attributes.get(key);
        return v instanceof Long l ? l : null;
    }

    public boolean isRoot() {
        return parentSpanId.isEmpty();
    }

    public String serviceName() {
        Object v = resource.get("service.name");
        return v == null ? null : v.toString();
    }

    // ---- predicates for OtlpReceiver.awaitSpan(...)

    public static Predicate<ReceivedSpan> named(String name) {
        return s -> s.name().equals(name);
    }

    public static Predicate<ReceivedSpan> withAttr(String key, Object value) {
        Object expected = value instanceof Integer i ? Long.valueOf(i) : value;
        return s -> Objects.equals(s.attributes().get(key), expected);
    }

    @Override
    public String toString() {
        return name + " [" + kind + ", " + statusCode + (statusMessage.isEmpty() ? "" : " '" + statusMessage + "'")
                + "] trace=" + traceId + " span=" + spanId + " parent=" + (parentSpanId.isEmpty() ? "-" : parentSpanId)
                + " scope=" + scopeName + " attrs=" + attributes + " service=" + serviceName() + " via " + protocol;
    }
}
