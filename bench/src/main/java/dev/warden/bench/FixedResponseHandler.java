package dev.warden.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.atomic.LongAdder;

/** Answers every request with 200 and the same small body, so the server's share of a call stays constant. */
final class FixedResponseHandler implements HttpHandler {

    static final int BODY_LENGTH = 128;

    private static final byte[] BODY = new byte[BODY_LENGTH];

    static {
        Arrays.fill(BODY, (byte) 'w');
    }

    private final LongAdder requests = new LongAdder();

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream requestBody = exchange.getRequestBody(); OutputStream responseBody = exchange.getResponseBody()) {
            requestBody.readAllBytes(); // the exchange only frees the connection for reuse once the request is consumed
            exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
            exchange.sendResponseHeaders(200, BODY_LENGTH);
            responseBody.write(BODY);
        }
        requests.increment();
    }

    /** Requests answered so far: a launch's share tells that every call the child counted reached the server. */
    long requests() {
        return requests.sum();
    }
}
