package dev.warden.it.apps;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One TCP connect, then "ping" / read "pong:ping". Args: {@code KIND HOST PORT} with KIND one of
 * {@code socket} (new Socket(); connect(InetSocketAddress)), {@code socket-hostport} (new Socket(host, port)),
 * {@code channel} (blocking SocketChannel.open(address)), {@code channel-nonblocking} (connect + finishConnect on a
 * Selector), {@code async} (AsynchronousSocketChannel.connect(..).get()), {@code own-listener} (a connect to a server
 * socket of this process, on the wildcard, at HOST; PORT unused).
 */
public final class SocketApp {
    public static void main(String[] args) {
        String kind = args[0];
        String host = args[1];
        int port = Integer.parseInt(args[2]);
        Report.run(() -> new String[] {"reply", connectAndPing(kind, host, port)});
    }

    static String connectAndPing(String kind, String host, int port) throws Exception {
        switch (kind) {
            case "socket" -> {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), 5000);
                    return ping(s);
                }
            }
            case "socket-hostport" -> {
                try (Socket s = new Socket(host, port)) {
                    return ping(s);
                }
            }
            case "channel" -> {
                try (SocketChannel ch = SocketChannel.open(new InetSocketAddress(host, port))) {
                    return ping(ch);
                }
            }
            case "channel-nonblocking" -> {
                try (SocketChannel ch = SocketChannel.open(); Selector sel = Selector.open()) {
                    ch.configureBlocking(false);
                    if (!ch.connect(new InetSocketAddress(host, port))) {
                        SelectionKey key = ch.register(sel, SelectionKey.OP_CONNECT);
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                        while (!ch.finishConnect()) {
                            if (System.nanoTime() > deadline) {
                                throw new java.net.SocketTimeoutException("finishConnect");
                            }
                            sel.select(100);
                        }
                        key.cancel();
                        sel.selectNow(); // deregisters, so the channel may go back to blocking mode
                    }
                    ch.configureBlocking(true);
                    return ping(ch);
                }
            }
            case "async" -> {
                try (AsynchronousSocketChannel ch = AsynchronousSocketChannel.open()) {
                    ch.connect(new InetSocketAddress(host, port)).get(5, TimeUnit.SECONDS);
                    ch.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8))).get(5, TimeUnit.SECONDS);
                    ByteBuffer buf = ByteBuffer.allocate(256);
                    StringBuilder sb = new StringBuilder();
                    while (sb.indexOf("\n") < 0 && ch.read(buf).get(5, TimeUnit.SECONDS) > 0) {
                        buf.flip();
                        sb.append(StandardCharsets.UTF_8.decode(buf));
                        buf.clear();
                    }
                    return sb.toString().trim();
                }
            }
            case "own-listener" -> {
                // a server socket of this process on the wildcard, then a connect to it at HOST
                try (ServerSocket server = new ServerSocket(0)) {
                    Thread answering = new Thread(() -> {
                        try (Socket peer = server.accept()) {
                            String line = new BufferedReader(new InputStreamReader(peer.getInputStream(), StandardCharsets.UTF_8)).readLine();
                            peer.getOutputStream().write(("pong:" + line + "\n").getBytes(StandardCharsets.UTF_8));
                        } catch (java.io.IOException e) {
                            // the connect failed: the client reports it
                        }
                    });
                    answering.setDaemon(true);
                    answering.start();
                    try (Socket s = new Socket()) {
                        s.connect(new InetSocketAddress(host, server.getLocalPort()), 5000);
                        return ping(s);
                    }
                }
            }
            default -> throw new IllegalArgumentException("kind " + kind);
        }
    }

    static String ping(Socket s) throws Exception {
        s.setSoTimeout(5000);
        s.getOutputStream().write("ping\n".getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8)).readLine();
    }

    static String ping(SocketChannel ch) throws Exception {
        ch.socket().setSoTimeout(5000);
        ch.write(ByteBuffer.wrap("ping\n".getBytes(StandardCharsets.UTF_8)));
        return new BufferedReader(new InputStreamReader(ch.socket().getInputStream(), StandardCharsets.UTF_8)).readLine();
    }
}
