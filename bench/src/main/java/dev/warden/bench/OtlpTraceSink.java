package dev.warden.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.LongAdder;

/**
 * Stands in for an OTLP/HTTP collector: {@code POST /v1/traces} gets 200 with an empty body (a valid, empty
 * {@code ExportTraceServiceResponse}) and the spans are discarded, so the agent really encodes and sends them
 * without a collector's cost landing on the machine. Anything else gets 404 and is counted, to show up in the report.
 */
final class OtlpTraceSink implements HttpHandler {

    static final String TRACES_PATH = "/v1/traces";

    /** What the sink has received so far; subtract two of them to get one launch's exports. */
    record Received(long traceExports, long traceBytes, long otherRequests) {

        Received minus(Received earlier) {
            return new Received(traceExports - earlier.traceExports, traceBytes - earlier.traceBytes,
                    otherRequests - earlier.otherRequests);
        }
    }

    private final LongAdder traceExports = new LongAdder();
    private final LongAdder traceBytes = new LongAdder();
    private final LongAdder otherRequests = new LongAdder();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            long bytes = body.transferTo(OutputStream.nullOutputStream());
            if (exchange.getRequestMethod().equals("POST") && exchange.getRequestURI().getPath().equals(TRACES_PATH)) {
                traceExports.increment();
                traceBytes.add(bytes);
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } else {
                otherRequests.increment();
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    Received received() {
        return new Received(traceExports.sum(), traceBytes.sum(), otherRequests.sum());
    }
}
