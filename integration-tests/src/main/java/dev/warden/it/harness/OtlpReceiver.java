package dev.warden.it.harness;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCalls;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP receiver on a free loopback port: http/protobuf ({@code POST /v1/traces}, {@code /v1/metrics},
 * {@code /v1/logs}) or gRPC ({@code opentelemetry.proto.collector.*.v1.*Service/Export}). Trace requests are
 * decoded into {@link ReceivedSpan}s; every export request is recorded ({@link Export}).
 *
 * <pre>{@code
 * try (OtlpReceiver otlp = OtlpReceiver.http()) {            // or OtlpReceiver.grpc()
 *     ForkedJvm.on(jdk).otlp(otlp)...run();                  // OTEL_EXPORTER_OTLP_* env for the app
 *     ReceivedSpan s = otlp.awaitSpan("GET span", named("GET").and(withAttr("server.port", port)));
 * }
 * }</pre>
 */
public final class OtlpReceiver implements AutoCloseable {

    public enum Protocol {
        HTTP_PROTOBUF("http/protobuf"), GRPC("grpc");

        public final String envValue;

        Protocol(String envValue) {
            this.envValue = envValue;
        }
    }

    /** One export call as the receiver saw it. */
    public record Export(String protocol, String signal, String userAgent, String contentType, String contentEncoding,
                         int spanCount) {}

    public static final Duration DEFAULT_WAIT = Duration.ofSeconds(15);

    private final Protocol protocol;
    private final List<ReceivedSpan> spans = new CopyOnWriteArrayList<>();
    private final List<Export> exports = new CopyOnWriteArrayList<>();
    private final List<ExportMetricsServiceRequest> metricRequests = new CopyOnWriteArrayList<>();
    private final List<ReceivedLog> logs = new CopyOnWriteArrayList<>();
    private final HttpServer httpServer;
    private final ExecutorService httpExecutor;
    private final Server grpcServer;
    private final int port;

    private OtlpReceiver(Protocol protocol) throws IOException {
        this.protocol = protocol;
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0);
        if (protocol == Protocol.HTTP_PROTOBUF) {
            httpServer = HttpServer.create(bind, 50);
            httpExecutor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "otlp-http-receiver");
                t.setDaemon(true);
                return t;
            });
            httpServer.setExecutor(httpExecutor);
            httpServer.createContext("/", this::handleHttp);
            httpServer.start();
            grpcServer = null;
            port = httpServer.getAddress().getPort();
        } else {
            httpServer = null;
            httpExecutor = null;
            NettyServerBuilder builder = NettyServerBuilder.forAddress(bind);
            for (ServerServiceDefinition def : grpcServices()) {
                builder.addService(ServerInterceptors.intercept(def, new UserAgentInterceptor()));
            }
            grpcServer = builder.build().start();
            port = grpcServer.getPort();
        }
    }

    /** An http/protobuf receiver (OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf). */
    public static OtlpReceiver http() throws IOException {
        return new OtlpReceiver(Protocol.HTTP_PROTOBUF);
    }

    /** A gRPC receiver (OTEL_EXPORTER_OTLP_PROTOCOL=grpc). */
    public static OtlpReceiver grpc() throws IOException {
        return new OtlpReceiver(Protocol.GRPC);
    }

    public static OtlpReceiver start(Protocol protocol) throws IOException {
        return new OtlpReceiver(protocol);
    }

    public Protocol protocol() {
        return protocol;
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:PORT} (the base endpoint, for both protocols). */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Standard OTel SDK environment pointing at this receiver, exporting fast. */
    public Map<String, String> exporterEnv() {
        return exporterEnv("warden-it");
    }

    public Map<String, String> exporterEnv(String serviceName) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("OTEL_EXPORTER_OTLP_ENDPOINT", endpoint());
        env.put("OTEL_EXPORTER_OTLP_PROTOCOL", protocol.envValue);
        env.put("OTEL_SERVICE_NAME", serviceName);
        env.put("OTEL_BSP_SCHEDULE_DELAY", "100");
        return env;
    }

    public List<ReceivedSpan> spans() {
        return List.copyOf(spans);
    }

    public List<ReceivedSpan> spans(Predicate<ReceivedSpan> filter) {
        return spans.stream().filter(filter).collect(Collectors.toList());
    }

    public List<Export> exports() {
        return List.copyOf(exports);
    }

    /** A decoded OTLP log record: severity text, body and string attributes. */
    public record ReceivedLog(String severity, String body, Map<String, String> attributes) {
    }

    public List<ReceivedLog> logs() {
        return List.copyOf(logs);
    }

    /**
     * The latest value of a cumulative sum metric (a counter), added over the data points whose
     * string attributes match {@code attributes}; 0 when none was exported yet.
     */
    public long counter(String metricName, Predicate<Map<String, String>> attributes) {
        Map<Map<String, String>, Long> latest = new java.util.HashMap<>();
        for (ExportMetricsServiceRequest request : metricRequests) {
            request.getResourceMetricsList().forEach(resource -> resource.getScopeMetricsList().forEach(scope ->
                    scope.getMetricsList().stream().filter(m -> m.getName().equals(metricName) && m.hasSum()).forEach(metric ->
                            metric.getSum().getDataPointsList().forEach(point -> {
                                Map<String, String> attrs = new java.util.TreeMap<>();
                                point.getAttributesList().forEach(kv -> attrs.put(kv.getKey(), kv.getValue().getStringValue()));
                                latest.put(attrs, point.getAsInt());
                            }))));
        }
        return latest.entrySet().stream().filter(e -> attributes.test(e.getKey())).mapToLong(Map.Entry::getValue).sum();
    }

    private void recordLogs(ExportLogsServiceRequest request) {
        request.getResourceLogsList().forEach(resource -> resource.getScopeLogsList().forEach(scope ->
                scope.getLogRecordsList().forEach(record -> {
                    Map<String, String> attrs = new java.util.TreeMap<>();
                    record.getAttributesList().forEach(kv -> attrs.put(kv.getKey(), kv.getValue().getStringValue()));
                    logs.add(new ReceivedLog(record.getSeverityText(), record.getBody().getStringValue(), attrs));
                })));
    }

    /** Waits for the first span matching {@code filter}. */
    public ReceivedSpan awaitSpan(String what, Predicate<ReceivedSpan> filter) {
        return awaitSpans(what, filter, 1, DEFAULT_WAIT).get(0);
    }

    /** Waits until at least {@code count} spans match {@code filter}; returns all that match. */
    public List<ReceivedSpan> awaitSpans(String what, Predicate<ReceivedSpan> filter, int count, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<ReceivedSpan> found = spans(filter);
            if (found.size() >= count) {
                return found;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("OTLP receiver (" + protocol.envValue + ") did not get " + count + " span(s): "
                        + what + " within " + wait.toMillis() + " ms; got " + found.size() + "; all spans:\n"
                        + describeSpans());
            }
            sleep(25);
        }
    }

    /** Asserts that no span matching {@code filter} arrives within {@code wait}. */
    public void assertNoSpan(String what, Predicate<ReceivedSpan> filter, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            List<ReceivedSpan> found = spans(filter);
            if (!found.isEmpty()) {
                throw new AssertionError("unexpected span(s): " + what + ": " + found + "\nall spans:\n" + describeSpans());
            }
            sleep(25);
        } while (System.nanoTime() < deadline);
    }

    public String describeSpans() {
        List<ReceivedSpan> all = spans();
        if (all.isEmpty()) {
            return "  (none; " + exports.size() + " export request(s): " + exports + ")";
        }
        return all.stream().map(s -> "  " + s).collect(Collectors.joining("\n"));
    }

    @Override
    public void close() {
        if (httpServer != null) {
            httpServer.stop(0);
            httpExecutor.shutdownNow();
        }
        if (grpcServer != null) {
            grpcServer.shutdownNow();
            try {
                grpcServer.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---------------------------------------------------------------- http/protobuf

    private void handleHttp(HttpExchange ex) throws IOException {
        String ua = ex.getRequestHeaders().getFirst("User-Agent");
        String ct = ex.getRequestHeaders().getFirst("Content-Type");
        try (ex) {
            String path = ex.getRequestURI().getPath();
            String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("gzip")) {
                try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
                    body = in.readAllBytes();
                }
            }
            if (!"POST".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            MessageLite response;
            switch (path) {
                case "/v1/traces" -> {
                    ExportTraceServiceRequest req = ExportTraceServiceRequest.parseFrom(body);
                    int n = record(req, "http/protobuf");
                    exports.add(new Export("http/protobuf", "traces", ua, ct, encoding, n));
                    response = ExportTraceServiceResponse.getDefaultInstance();
                }
                case "/v1/metrics" -> {
                    metricRequests.add(ExportMetricsServiceRequest.parseFrom(body));
                    exports.add(new Export("http/protobuf", "metrics", ua, ct, encoding, 0));
                    response = ExportMetricsServiceResponse.getDefaultInstance();
                }
                case "/v1/logs" -> {
                    recordLogs(ExportLogsServiceRequest.parseFrom(body));
                    exports.add(new Export("http/protobuf", "logs", ua, ct, encoding, 0));
                    response = ExportLogsServiceResponse.getDefaultInstance();
                }
                default -> {
                    exports.add(new Export("http/protobuf", "unknown:" + path, ua, ct, encoding, 0));
                    ex.sendResponseHeaders(404, -1);
                    return;
                }
            }
            byte[] out = response.toByteArray();
            ex.getResponseHeaders().set("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, out.length == 0 ? -1 : out.length);
            if (out.length > 0) {
                ex.getResponseBody().write(out);
            }
        } catch (RuntimeException | IOException e) {
            exports.add(new Export("http/protobuf", "undecodable: " + e, ua, ct, null, 0));
            throw e;
        }
    }

    // ---------------------------------------------------------------- gRPC

    private static final Metadata.Key<String> USER_AGENT = Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER);
    private static final io.grpc.Context.Key<String> UA_CTX = io.grpc.Context.key("ua");

    private static final class UserAgentInterceptor implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
            io.grpc.Context ctx = io.grpc.Context.current().withValue(UA_CTX, headers.get(USER_AGENT));
            return io.grpc.Contexts.interceptCall(ctx, call, headers, next);
        }
    }

    /** opentelemetry-proto ships messages only (no generated stubs): hand-built service definitions. */
    private List<ServerServiceDefinition> grpcServices() {
        List<ServerServiceDefinition> defs = new ArrayList<>();
        defs.add(unaryService("opentelemetry.proto.collector.trace.v1.TraceService",
                ExportTraceServiceRequest.getDefaultInstance(), ExportTraceServiceResponse.getDefaultInstance(),
                req -> {
                    int n = record(req, "grpc");
                    exports.add(new Export("grpc", "traces", UA_CTX.get(), "application/grpc", null, n));
                }));
        defs.add(unaryService("opentelemetry.proto.collector.metrics.v1.MetricsService",
                ExportMetricsServiceRequest.getDefaultInstance(), ExportMetricsServiceResponse.getDefaultInstance(),
                req -> {
                    metricRequests.add(req);
                    exports.add(new Export("grpc", "metrics", UA_CTX.get(), "application/grpc", null, 0));
                }));
        defs.add(unaryService("opentelemetry.proto.collector.logs.v1.LogsService",
                ExportLogsServiceRequest.getDefaultInstance(), ExportLogsServiceResponse.getDefaultInstance(),
                req -> {
                    recordLogs(req);
                    exports.add(new Export("grpc", "logs", UA_CTX.get(), "application/grpc", null, 0));
                }));
        return defs;
    }

    private static <Q extends com.google.protobuf.Message, R extends com.google.protobuf.Message> ServerServiceDefinition
    unaryService(String service, Q requestPrototype, R response, java.util.function.Consumer<Q> onRequest) {
        MethodDescriptor<Q, R> method = MethodDescriptor.<Q, R>newBuilder()
                .setType(MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Export"))
                .setRequestMarshaller(ProtoUtils.marshaller(requestPrototype))
                .setResponseMarshaller(ProtoUtils.marshaller(response))
                .build();
        return ServerServiceDefinition.builder(service)
                .addMethod(method, ServerCalls.asyncUnaryCall((req, observer) -> {
                    onRequest.accept(req);
                    observer.onNext(response);
                    observer.onCompleted();
                }))
                .build();
    }

    // ---------------------------------------------------------------- decoding

    private int record(ExportTraceServiceRequest req, String via) {
        int n = 0;
        for (ResourceSpans rs : req.getResourceSpansList()) {
            Map<String, Object> resource = Collections.unmodifiableMap(attributes(rs.getResource().getAttributesList()));
            for (ScopeSpans ss : rs.getScopeSpansList()) {
                for (Span s : ss.getSpansList()) {
                    spans.add(new ReceivedSpan(
                            via,
                            resource,
                            ss.getScope().getName(),
                            ss.getScope().getVersion(),
                            hex(s.getTraceId()),
                            hex(s.getSpanId()),
                            hex(s.getParentSpanId()),
                            s.getName(),
                            s.getKind().name().replace("SPAN_KIND_", ""),
                            Collections.unmodifiableMap(attributes(s.getAttributesList())),
                            s.getStatus().getCode().name().replace("STATUS_CODE_", ""),
                            s.getStatus().getMessage(),
                            s.getStartTimeUnixNano(),
                            s.getEndTimeUnixNano(),
                            s.getEventsList().stream().map(Span.Event::getName).toList()));
                    n++;
                }
            }
        }
        return n;
    }

    private static String hex(ByteString bytes) {
        return HexFormat.of().formatHex(bytes.toByteArray());
    }

    private static Map<String, Object> attributes(List<KeyValue> kvs) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (KeyValue kv : kvs) {
            m.put(kv.getKey(), value(kv.getValue()));
        }
        return m;
    }

    private static Object value(AnyValue v) {
        return switch (v.getValueCase()) {
            case STRING_VALUE -> v.getStringValue();
            case BOOL_VALUE -> v.getBoolValue();
            case INT_VALUE -> v.getIntValue();
            case DOUBLE_VALUE -> v.getDoubleValue();
            case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).collect(Collectors.toList());
            case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
            case BYTES_VALUE -> v.getBytesValue().toByteArray();
            default -> null;
        };
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
