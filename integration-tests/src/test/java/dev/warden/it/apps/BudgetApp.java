package dev.warden.it.apps;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * Spends a budget. {@code http URL N}: N GETs in a row with the JDK HttpClient. {@code socket HOST PORT
 * WRITES SIZE}: one connection, WRITES lines of SIZE bytes each; {@code channel HOST PORT WRITES SIZE}:
 * the same through a {@code SocketChannel}. Prints how many went through and the first failure:
 * {@code RESULT ok done=.. failure=..}.
 */
public final class BudgetApp {
    public static void main(String[] args) {
        Report.run(() -> switch (args[0]) {
            case "http" -> http(URI.create(args[1]), Integer.parseInt(args[2]));
            case "channel" -> channel(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            default -> socket(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
        });
    }

    private static String[] http(URI url, int calls) {
        HttpClient client = HttpClient.newHttpClient();
        int done = 0;
        String failure = "none";
        for (int i = 0; i < calls; i++) {
            try {
                client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
                done++;
            } catch (Exception e) {
                failure = failure.equals("none") ? e.getClass().getName() + ": " + e.getMessage() : failure;
            }
        }
        return new String[] {"done", Integer.toString(done), "failure", failure};
    }

    private static String[] channel(String host, int port, int writes, int size) throws Exception {
        byte[] line = ("x".repeat(size - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
        int done = 0;
        String failure = "none";
        try (SocketChannel channel = SocketChannel.open(new InetSocketAddress(host, port))) {
            for (int i = 0; i < writes; i++) {
                try {
                    ByteBuffer buffer = ByteBuffer.wrap(line);
                    while (buffer.hasRemaining()) {
                        channel.write(buffer);
                    }
                    done++;
                } catch (Exception e) {
                    failure = e.getClass().getName() + ": " + e.getMessage();
                    break;
                }
            }
            // end the stream and read the replies out: closing with unread replies would reset the connection
            channel.shutdownOutput();
            ByteBuffer replies = ByteBuffer.allocate(4096);
            while (channel.read(replies.clear()) >= 0) {
                // the server's pongs
            }
        }
        return new String[] {"done", Integer.toString(done), "failure", failure};
    }

    private static String[] socket(String host, int port, int writes, int size) throws Exception {
        byte[] line = ("x".repeat(size - 1) + "\n").getBytes(StandardCharsets.US_ASCII);
        int done = 0;
        String failure = "none";
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port));
            OutputStream out = socket.getOutputStream();
            for (int i = 0; i < writes; i++) {
                try {
                    out.write(line);
                    out.flush();
                    done++;
                } catch (Exception e) {
                    failure = e.getClass().getName() + ": " + e.getMessage();
                    break;
                }
            }
            // as for the channel: end the stream and read the replies out, so the close resets nothing
            socket.shutdownOutput();
            socket.getInputStream().readAllBytes();
        }
        return new String[] {"done", Integer.toString(done), "failure", failure};
    }
}
