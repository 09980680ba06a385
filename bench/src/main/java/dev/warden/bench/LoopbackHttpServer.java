package dev.warden.bench;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** A {@code com.sun.net.httpserver} server on a free loopback port, serving one handler from a small thread pool. */
final class LoopbackHttpServer implements AutoCloseable {

    static {
        // Without TCP_NODELAY a response written as headers + body can wait for the client's delayed ACK
        // (~40 ms on Linux), which would swamp the microseconds measured. Read once, when the server classes load.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final ExecutorService executor;

    LoopbackHttpServer(int threads, String contextPath, HttpHandler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext(contextPath, handler);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
