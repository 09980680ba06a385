package dev.warden.it.harness;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A proxy on loopback that really relays: {@link #socks5()} (no authentication, CONNECT to an
 * IPv4 address or a domain name), {@link #socks4()} (CONNECT to an IPv4 address, or a domain name
 * as SOCKS 4a) or {@link #http()} (plain HTTP proxying of absolute-form requests, and CONNECT
 * tunnels). It records every connection it accepted and every destination it was asked
 * for, so a test can show that nothing reached it.
 */
public final class LoopbackProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int socks;
    private final List<String> destinations = new CopyOnWriteArrayList<>();
    private volatile int accepted;

    /** {@code socks}: the SOCKS version it speaks, 0 for HTTP. */
    private LoopbackProxy(int socks) throws IOException {
        this.socks = socks;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, socks > 0 ? "socks" + socks + "-proxy" : "http-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public static LoopbackProxy socks5() throws IOException {
        return new LoopbackProxy(5);
    }

    public static LoopbackProxy socks4() throws IOException {
        return new LoopbackProxy(4);
    }

    public static LoopbackProxy http() throws IOException {
        return new LoopbackProxy(0);
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int acceptedCount() {
        return accepted;
    }

    /** {@code host:port} of each destination asked for, in order. */
    public List<String> destinations() {
        return List.copyOf(destinations);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                accepted++;
                Thread handler = new Thread(() -> handle(client), "proxy-connection");
                handler.setDaemon(true);
                handler.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            if (socks == 5) {
                socks5(in, out, client);
            } else if (socks == 4) {
                socks4(in, out, client);
            } else {
                http(in, out, client);
            }
        } catch (IOException dropped) {
            // the test sees what was asked for and relayed
        }
    }

    private void socks5(InputStream raw, OutputStream out, Socket client) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readUnsignedByte() != 5) {
            return;
        }
        in.skipNBytes(in.readUnsignedByte()); // offered methods
        out.write(new byte[] {5, 0});
        out.flush();
        in.readUnsignedByte(); // version
        int command = in.readUnsignedByte();
        in.readUnsignedByte(); // reserved
        int type = in.readUnsignedByte();
        String host;
        if (type == 1) {
            byte[] ip = in.readNBytes(4);
            host = InetAddress.getByAddress(ip).getHostAddress();
        } else if (type == 3) {
            host = new String(in.readNBytes(in.readUnsignedByte()), StandardCharsets.US_ASCII);
        } else {
            return;
        }
        int port = in.readUnsignedShort();
        destinations.add(host + ":" + port);
        if (command != 1) {
            return;
        }
        try (Socket target = new Socket(host, port)) {
            out.write(new byte[] {5, 0, 0, 1, 127, 0, 0, 1, 0, 0});
            out.flush();
            relay(in, out, client, target);
        } catch (IOException unreachable) {
            out.write(new byte[] {5, 5, 0, 1, 0, 0, 0, 0, 0, 0});
        }
    }

    private void socks4(InputStream raw, OutputStream out, Socket client) throws IOException {
        DataInputStream in = new DataInputStream(raw);
        if (in.readUnsignedByte() != 4) {
            return;
        }
        int command = in.readUnsignedByte();
        int port = in.readUnsignedShort();
        byte[] ip = in.readNBytes(4);
        readNulTerminated(in); // user id
        // SOCKS 4a: 0.0.0.x (x > 0) says a domain name follows
        String host = ip[0] == 0 && ip[1] == 0 && ip[2] == 0 && ip[3] != 0 ? readNulTerminated(in)
                : InetAddress.getByAddress(ip).getHostAddress();
        destinations.add(host + ":" + port);
        if (command != 1) {
            return;
        }
        try (Socket target = new Socket(host, port)) {
            out.write(new byte[] {0, 90, 0, 0, 0, 0, 0, 0});
            out.flush();
            relay(in, out, client, target);
        } catch (IOException unreachable) {
            out.write(new byte[] {0, 91, 0, 0, 0, 0, 0, 0});
        }
    }

    private static String readNulTerminated(DataInputStream in) throws IOException {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int b;
        while ((b = in.readUnsignedByte()) != 0) {
            text.write(b);
        }
        return text.toString(StandardCharsets.US_ASCII);
    }

    private void http(InputStream in, OutputStream out, Socket client) throws IOException {
        String head = readHead(in);
        String requestLine = head.substring(0, head.indexOf("\r\n"));
        String[] parts = requestLine.split(" ");
        if (parts[0].equals("CONNECT")) {
            destinations.add(parts[1]);
            String[] hostPort = parts[1].split(":");
            try (Socket target = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
                out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                relay(in, out, client, target);
            }
            return;
        }
        java.net.URI uri = java.net.URI.create(parts[1]);
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        destinations.add(uri.getHost() + ":" + port);
        String path = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
        try (Socket target = new Socket(uri.getHost(), port)) {
            String forwarded = parts[0] + " " + path + " " + parts[2] + head.substring(requestLine.length())
                    .replaceAll("(?i)\r\nProxy-Connection:[^\r]*", "").replaceAll("(?i)\r\nConnection:[^\r]*", "")
                    .replace("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
            target.getOutputStream().write(forwarded.getBytes(StandardCharsets.ISO_8859_1));
            target.getOutputStream().flush();
            relay(in, out, client, target);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) >= 0) {
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3)) ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    /** Both directions until either side closes. */
    private static void relay(InputStream fromClient, OutputStream toClient, Socket client, Socket target) throws IOException {
        Thread upstream = new Thread(() -> {
            try {
                fromClient.transferTo(target.getOutputStream());
                target.shutdownOutput();
            } catch (IOException closed) {
                // the other direction ends the relay
            }
        }, "proxy-upstream");
        upstream.setDaemon(true);
        upstream.start();
        target.getInputStream().transferTo(toClient);
        toClient.flush();
        client.shutdownOutput();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
