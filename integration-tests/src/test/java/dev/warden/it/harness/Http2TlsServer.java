package dev.warden.it.harness;

import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.Protocol;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * HTTP/2 over TLS (ALPN h2, falling back to http/1.1) on 127.0.0.1, backed by OkHttp's mockwebserver3 with a
 * {@link TestTls} certificate. Answers 200 {@code h2:<path>} and records every request, with its protocol version.
 */
public final class Http2TlsServer implements AutoCloseable {
    private final MockWebServer server = new MockWebServer();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

    private Http2TlsServer(TestTls tls) throws IOException {
        server.useHttps(tls.serverCertificates().sslSocketFactory());
        server.setProtocols(List.of(Protocol.HTTP_2, Protocol.HTTP_1_1));
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                requests.add(request);
                return new MockResponse.Builder()
                        .code(200)
                        .setHeader("Content-Type", "text/plain")
                        .body("h2:" + request.getUrl().encodedPath())
                        .build();
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    public static Http2TlsServer start(TestTls tls) throws IOException {
        return new Http2TlsServer(tls);
    }

    public int port() {
        return server.getPort();
    }

    public String url(String path) {
        return "https://127.0.0.1:" + port() + path;
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public void assertNoRequest(Duration wait) {
        Awaits.assertStaysZero("HTTP/2 requests received by " + url("/"), requests::size, wait, requests::toString);
    }

    @Override
    public void close() {
        server.close();
    }
}
