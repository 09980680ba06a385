package dev.warden.it.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Loopback TCP server counting accepted connections. Each connection: answers every line it reads
 * with {@code pong:<line>}, until the peer closes.
 */
public final class RecordingTcpServer implements AutoCloseable {
    private final ServerSocket serverSocket;
    private final AtomicInteger accepted = new AtomicInteger();
    private final List<String> linesReceived = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private RecordingTcpServer(String bindAddress, int port) throws IOException {
        serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.getByName(bindAddress), port), 50);
        acceptor = new Thread(this::acceptLoop, "recording-tcp-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** On 127.0.0.1, a free port. */
    public static RecordingTcpServer start() throws IOException {
        return new RecordingTcpServer("127.0.0.1", 0);
    }

    /** On {@code bindAddress} ("127.0.0.2", "::1", ...), port 0 = a free one. */
    public static RecordingTcpServer start(String bindAddress, int port) throws IOException {
        return new RecordingTcpServer(bindAddress, port);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    public int acceptedCount() {
        return accepted.get();
    }

    public List<String> linesReceived() {
        return List.copyOf(linesReceived);
    }

    public void awaitAccepted(int n, Duration wait) {
        Awaits.awaitAtLeast("connections accepted on " + host() + ":" + port(), accepted::get, n, wait);
    }

    public void assertNoConnection(Duration wait) {
        Awaits.assertStaysZero("connections accepted on " + host() + ":" + port(), accepted::get, wait,
                () -> "lines " + linesReceived);
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket s = serverSocket.accept();
                accepted.incrementAndGet();
                Thread t = new Thread(() -> serve(s), "recording-tcp-conn");
                t.setDaemon(true);
                t.start();
            } catch (SocketException closed) {
                return;
            } catch (IOException e) {
                // keep accepting
            }
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setSoTimeout(5000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                linesReceived.add(line);
                out.write(("pong:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException ignored) {
            // peer went away
        }
    }

    @Override
    public void close() throws IOException {
        serverSocket.close();
    }
}
