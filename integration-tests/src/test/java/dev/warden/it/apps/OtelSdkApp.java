package dev.warden.it.apps;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;

import java.util.concurrent.TimeUnit;

/**
 * Harness self-test app (no agent): exports two spans with its own OTel SDK and OTLP exporter.
 * Args: {@code http/protobuf|grpc ENDPOINT}. Prints trace and span ids so the test can match what the receiver
 * decoded: {@code RESULT ok traceId=.. parentId=.. childId=.. export=SUCCESS}.
 */
public final class OtelSdkApp {
    @SuppressWarnings("try")
    public static void main(String[] args) {
        String protocol = args[0];
        String endpoint = args[1];
        Report.run(() -> {
            SpanExporter exporter = "grpc".equals(protocol)
                    ? OtlpGrpcSpanExporter.builder().setEndpoint(endpoint).build()
                    : OtlpHttpSpanExporter.builder().setEndpoint(endpoint + "/v1/traces").build();
            SdkTracerProvider provider = SdkTracerProvider.builder()
                    .setResource(Resource.getDefault().merge(Resource.create(
                            Attributes.of(AttributeKey.stringKey("service.name"), "harness-selftest"))))
                    .addSpanProcessor(BatchSpanProcessor.builder(exporter).build())
                    .build();
            Tracer tracer = provider.get("dev.warden.it.selftest", "9.9.9");
            Span parent = tracer.spanBuilder("harness-parent").setSpanKind(SpanKind.SERVER)
                    .setAttribute("it.string", "v")
                    .setAttribute("it.long", 42L)
                    .setAttribute("it.bool", true)
                    .setAttribute("it.double", 1.5)
                    .startSpan();
            Span child;
            try (Scope ignored = parent.makeCurrent()) {
                child = tracer.spanBuilder("harness-child").setSpanKind(SpanKind.CLIENT).startSpan();
                child.setStatus(StatusCode.ERROR, "boom");
                child.end();
            }
            parent.end();
            boolean flushed = provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess();
            provider.shutdown().join(10, TimeUnit.SECONDS);
            return new String[] {"traceId", parent.getSpanContext().getTraceId(),
                    "parentId", parent.getSpanContext().getSpanId(),
                    "childId", child.getSpanContext().getSpanId(),
                    "export", flushed ? "SUCCESS" : "FAILURE"};
        });
    }
}
