package dev.warden.it.harness;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback HTTP (or HTTPS) server that records every request it gets. Responses:
 * <ul>
 *   <li>{@code /status/NNN...} answers status NNN with body {@code status:NNN};</li>
 *   <li>{@code /ok/redirect?to=PATH} answers 302 with {@code Location: PATH};</li>
 *   <li>anything else answers 200 with body {@code hello:<path>} (plus {@code :len=<request body length>} when the
 *       request had a body).</li>
 * </ul>
 * Bodies never contain spaces, so apps can print them on their RESULT line.
 */
public final class RecordingHttpServer implements AutoCloseable {

    /** A request as received: method, path with query, headers (names lower-case), body. */
    public record Request(String method, String path, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return method + " " + path + " headers=" + headers + " body=" + bodyText();
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final String scheme;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger handled = new AtomicInteger();

    private RecordingHttpServer(String bindAddress, TestTls tls) throws IOException {
        this(bindAddress, tls, new String[0]);
    }

    private RecordingHttpServer(String bindAddress, TestTls tls, String[] protocols) throws IOException {
        InetSocketAddress bind = new InetSocketAddress(InetAddress.getByName(bindAddress), 0);
        if (tls == null) {
            server = HttpServer.create(bind, 50);
            scheme = "http";
        } else {
            HttpsServer https = HttpsServer.create(bind, 50);
            https.setHttpsConfigurator(new HttpsConfigurator(tls.serverSslContext()) {
                @Override
                public void configure(com.sun.net.httpserver.HttpsParameters params) {
                    javax.net.ssl.SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                    if (protocols.length > 0) {
                        parameters.setProtocols(protocols);
                    }
                    params.setSSLParameters(parameters);
                }
            });
            server = https;
            scheme = "https";
        }
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "recording-http-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Plain HTTP on 127.0.0.1. */
    public static RecordingHttpServer http() throws IOException {
        return new RecordingHttpServer("127.0.0.1", null);
    }

    public static RecordingHttpServer http(String bindAddress) throws IOException {
        return new RecordingHttpServer(bindAddress, null);
    }

    /** HTTPS on 127.0.0.1 with the given test certificate. */
    public static RecordingHttpServer https(TestTls tls) throws IOException {
        return new RecordingHttpServer("127.0.0.1", tls);
    }

    /** HTTPS on 127.0.0.1 offering only these protocol versions ({@code TLSv1.2}, ...). */
    public static RecordingHttpServer https(TestTls tls, String... protocols) throws IOException {
        return new RecordingHttpServer("127.0.0.1", tls, protocols);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http(s)://127.0.0.1:PORT<path>}. */
    public String url(String path) {
        return scheme + "://127.0.0.1:" + port() + path;
    }

    /** {@code http(s)://<host>:PORT<path>} (e.g. {@code localhost}). */
    public String url(String host, String path) {
        return scheme + "://" + host + ":" + port() + path;
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public Request awaitRequest(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (requests.isEmpty()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no request reached " + url("/") + " within " + wait.toMillis() + " ms");
            }
            Awaits.sleep(20);
        }
        return requests.get(0);
    }

    /** Asserts that no request has reached the server, waiting a little for stragglers. */
    public void assertNoRequest(Duration wait) {
        Awaits.assertStaysZero("HTTP requests received by " + url("/"), requests::size, wait, () -> requests.toString());
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            Headers h = ex.getRequestHeaders();
            h.forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), List.copyOf(v)));
            String path = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            requests.add(new Request(ex.getRequestMethod(), path, Map.copyOf(headers), body));
            handled.incrementAndGet();

            int status = 200;
            String responseBody;
            String query = ex.getRequestURI().getRawQuery();
            if (ex.getRequestURI().getRawPath().equals("/ok/redirect") && query != null && query.startsWith("to=")) {
                ex.getResponseHeaders().set("Location", query.substring(3));
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (path.startsWith("/status/")) {
                status = Integer.parseInt(path.substring("/status/".length(), "/status/".length() + 3));
                responseBody = "status:" + status;
            } else {
                responseBody = "hello:" + ex.getRequestURI().getRawPath() + (body.length > 0 ? ":len=" + body.length : "");
            }
            byte[] out = responseBody.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(status, -1);
            } else {
                ex.sendResponseHeaders(status, out.length);
                ex.getResponseBody().write(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
