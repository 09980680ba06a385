package dev.warden.it.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One TLS or plaintext call per {@code KIND:TARGET} argument, one {@code RESULT} line each, tagged
 * {@code kind=KIND}: {@code httpclient:URL} and {@code urlconnection:URL} (a GET, {@code status=}),
 * {@code sslsocket:HOST:PORT} (a handshake and a GET over a raw SSLSocket, {@code protocol=}),
 * {@code socket:HOST:PORT} (a plain TCP connect).
 */
public final class TlsApp {

    public static void main(String[] args) {
        HttpClient client = HttpClient.newHttpClient();
        for (String arg : args) {
            int colon = arg.indexOf(':');
            String kind = arg.substring(0, colon);
            String target = arg.substring(colon + 1);
            Report.run(new String[] {"kind", kind}, () -> switch (kind) {
                case "httpclient" -> new String[] {"status", String.valueOf(client.send(
                        HttpRequest.newBuilder(URI.create(target)).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode())};
                case "urlconnection" -> {
                    HttpURLConnection connection = (HttpURLConnection) URI.create(target).toURL().openConnection();
                    try (InputStream in = connection.getInputStream()) {
                        in.readAllBytes();
                    }
                    yield new String[] {"status", String.valueOf(connection.getResponseCode())};
                }
                case "sslsocket" -> {
                    String[] hostPort = target.split(":");
                    try (SSLSocket socket = (SSLSocket) SSLSocketFactory.getDefault().createSocket(hostPort[0],
                            Integer.parseInt(hostPort[1]))) {
                        socket.startHandshake();
                        OutputStream out = socket.getOutputStream();
                        out.write(("GET /ok/raw HTTP/1.1\r\nHost: " + hostPort[0] + "\r\nConnection: close\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        socket.getInputStream().readAllBytes();
                        yield new String[] {"protocol", socket.getSession().getProtocol()};
                    }
                }
                case "socket" -> {
                    String[] hostPort = target.split(":");
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(hostPort[0], Integer.parseInt(hostPort[1])), 3000);
                        yield new String[0];
                    }
                }
                default -> throw new IllegalArgumentException("kind " + kind);
            });
        }
    }
}
