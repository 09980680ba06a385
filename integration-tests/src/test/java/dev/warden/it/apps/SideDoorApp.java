package dev.warden.it.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.tcp.TcpClient;
import reactor.netty.transport.ProxyProvider;

/**
 * Ways around URL-level rules, one {@code RESULT} line per argument (tagged {@code op=}): a GET by
 * {@code httpclient|URL}, {@code urlconnection|URL}, {@code okhttp|URL}, {@code apache|URL}, {@code reactor|URL} (Reactor Netty) or {@code webclient|URL} (Spring WebClient over it), each
 * with an optional {@code |HOST} sent as the {@code Host} header; and {@code raw|HOST|PORT|PATH}, a
 * GET written by hand on a plain socket ({@code status=} the status line's code), also from a class
 * named like OkHttp's connection code ({@code raw-okhttp-name|HOST|PORT|PATH}). Through a proxy on
 * 127.0.0.1:PROXY: {@code socks|PROXY|HOST|PORT|PATH} (a {@code Proxy} socket, the destination given
 * unresolved), {@code socksprop|PROXY|HOST|PORT|PATH} (the {@code socksProxyHost} property, a plain
 * socket), {@code tunnel|PROXY|HOST|PORT|PATH} (a CONNECT written by hand to an HTTP proxy),
 * {@code httpclient-proxy|PROXY|URL} and {@code urlconnection-proxy|PROXY|URL} (an HTTP proxy),
 * {@code urlconnection-socks|PROXY|URL}, {@code okhttp-socks|PROXY|URL}; Reactor Netty's {@code proxy(...)}
 * of type {@code SOCKS5}, {@code SOCKS4} or {@code HTTP} (a CONNECT, by Netty's proxy handlers):
 * {@code reactor-proxy|TYPE|PROXY|URL} (its {@code HttpClient}) and {@code reactor-tcp-proxy|TYPE|PROXY|HOST|PORT|PATH}
 * (its {@code TcpClient}, a GET written by hand, the destination given unresolved), and {@code reactor-tcp|HOST|PORT|PATH}
 * without a proxy; {@code grpc-netty-proxy|PROXY|HOST|PORT|PATH}, a GET written by hand through gRPC's shaded
 * Netty and its {@code HttpProxyHandler} (a CONNECT) in the app's own pipeline. Over HTTP/2 (TLS, ALPN h2):
 * {@code httpclient-h2|URL} and {@code okhttp-h2|URL}, with the optional {@code |HOST} as above ({@code version=}
 * the protocol the response came over).
 */
public final class SideDoorApp {

    public static void main(String[] args) throws Exception {
        HttpClient jdk = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpClient jdkH2 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        OkHttpClient okhttp = new OkHttpClient();
        try (CloseableHttpClient apache = HttpClients.createDefault()) {
            for (String arg : args) {
                String[] part = arg.split("\\|");
                String host = part.length > 2 ? part[2] : null;
                Report.run(new String[] {"op", part[0]}, () -> switch (part[0]) {
                    case "httpclient" -> {
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(part[1])).GET();
                        if (host != null) {
                            request.header("Host", host);
                        }
                        yield status(jdk.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode());
                    }
                    case "httpclient-h2" -> {
                        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(part[1])).GET();
                        if (host != null) {
                            request.header("Host", host);
                        }
                        HttpResponse<String> response = jdkH2.send(request.build(), HttpResponse.BodyHandlers.ofString());
                        yield new String[] {"status", String.valueOf(response.statusCode()), "version", response.version().name()};
                    }
                    case "okhttp-h2" -> {
                        Request.Builder request = new Request.Builder().url(part[1]);
                        if (host != null) {
                            request.header("Host", host);
                        }
                        try (Response response = okhttp.newCall(request.build()).execute()) {
                            yield new String[] {"status", String.valueOf(response.code()), "version", response.protocol().name()};
                        }
                    }
                    case "urlconnection" -> {
                        HttpURLConnection connection = (HttpURLConnection) URI.create(part[1]).toURL().openConnection();
                        if (host != null) {
                            connection.setRequestProperty("Host", host);
                        }
                        try (InputStream in = connection.getInputStream()) {
                            in.readAllBytes();
                        }
                        yield status(connection.getResponseCode());
                    }
                    case "okhttp" -> {
                        Request.Builder request = new Request.Builder().url(part[1]);
                        if (host != null) {
                            request.header("Host", host);
                        }
                        try (Response response = okhttp.newCall(request.build()).execute()) {
                            yield status(response.code());
                        }
                    }
                    case "apache" -> {
                        HttpGet get = new HttpGet(part[1]);
                        if (host != null) {
                            get.setHeader("Host", host);
                        }
                        yield status(apache.execute(get, response -> response.getCode()));
                    }
                    case "reactor" -> {
                        // a client-wide header: Reactor Netty copies it into each request it sends
                        reactor.netty.http.client.HttpClient reactorClient = reactor.netty.http.client.HttpClient.create()
                                .headers(headers -> {
                                    if (host != null) {
                                        headers.set("Host", host);
                                    }
                                });
                        yield status(reactorClient.get().uri(part[1]).response()
                                .toFuture().get(15, TimeUnit.SECONDS).status().code());
                    }
                    case "webclient" -> {
                        org.springframework.web.reactive.function.client.WebClient.RequestHeadersSpec<?> get =
                                org.springframework.web.reactive.function.client.WebClient.create().get().uri(part[1]);
                        if (host != null) {
                            get = get.header("Host", host);
                        }
                        yield status(get.retrieve().toBodilessEntity().toFuture().get(15, TimeUnit.SECONDS)
                                .getStatusCode().value());
                    }
                    case "raw" -> raw(part[1], Integer.parseInt(part[2]), part[3]);
                    case "raw-okhttp-name" -> okhttp3.internal.connection.RawSocketUnderOkHttpsName.connect(part[1],
                            Integer.parseInt(part[2]), socket -> get(socket, part[1], part[3]));
                    case "socks" -> {
                        try (Socket socket = new Socket(new Proxy(Proxy.Type.SOCKS, proxy(part[1])))) {
                            socket.connect(InetSocketAddress.createUnresolved(part[2], Integer.parseInt(part[3])));
                            yield get(socket, part[2], part[4]);
                        }
                    }
                    case "socksprop" -> {
                        System.setProperty("socksProxyHost", "127.0.0.1");
                        System.setProperty("socksProxyPort", part[1]);
                        System.setProperty("socksNonProxyHosts", "none.invalid"); // the default list holds loopback
                        try (Socket socket = new Socket()) {
                            socket.connect(new InetSocketAddress(part[2], Integer.parseInt(part[3])));
                            yield get(socket, part[2], part[4]);
                        } finally {
                            System.clearProperty("socksProxyHost");
                            System.clearProperty("socksProxyPort");
                            System.clearProperty("socksNonProxyHosts");
                        }
                    }
                    case "tunnel" -> {
                        try (Socket socket = new Socket("127.0.0.1", Integer.parseInt(part[1]))) {
                            OutputStream out = socket.getOutputStream();
                            out.write(("CONNECT " + part[2] + ":" + part[3] + " HTTP/1.1\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            readLine(socket.getInputStream());
                            readLine(socket.getInputStream());
                            yield get(socket, part[2], part[4]);
                        }
                    }
                    case "httpclient-proxy" -> {
                        HttpClient viaProxy = HttpClient.newBuilder().proxy(ProxySelector.of(proxy(part[1])))
                                .version(HttpClient.Version.HTTP_1_1).build();
                        yield status(viaProxy.send(HttpRequest.newBuilder(URI.create(part[2])).build(),
                                HttpResponse.BodyHandlers.ofString()).statusCode());
                    }
                    case "okhttp-socks" -> {
                        OkHttpClient viaSocks = okhttp.newBuilder().proxy(new Proxy(Proxy.Type.SOCKS, proxy(part[1]))).build();
                        try (Response response = viaSocks.newCall(new Request.Builder().url(part[2]).build()).execute()) {
                            yield status(response.code());
                        }
                    }
                    case "urlconnection-proxy", "urlconnection-socks" -> {
                        Proxy.Type type = part[0].endsWith("socks") ? Proxy.Type.SOCKS : Proxy.Type.HTTP;
                        HttpURLConnection connection = (HttpURLConnection) URI.create(part[2]).toURL()
                                .openConnection(new Proxy(type, proxy(part[1])));
                        try (InputStream in = connection.getInputStream()) {
                            in.readAllBytes();
                        }
                        yield status(connection.getResponseCode());
                    }
                    case "reactor-proxy" -> {
                        reactor.netty.http.client.HttpClient viaProxy = reactor.netty.http.client.HttpClient.create()
                                .proxy(spec -> spec.type(ProxyProvider.Proxy.valueOf(part[1])).host("127.0.0.1")
                                        .port(Integer.parseInt(part[2])));
                        yield status(viaProxy.get().uri(part[3]).response().toFuture().get(15, TimeUnit.SECONDS).status().code());
                    }
                    case "reactor-tcp-proxy" -> reactorTcp(ProxyProvider.Proxy.valueOf(part[1]), Integer.parseInt(part[2]),
                            part[3], Integer.parseInt(part[4]), part[5]);
                    case "reactor-tcp" -> reactorTcp(null, 0, part[1], Integer.parseInt(part[2]), part[3]);
                    case "grpc-netty-proxy" -> GrpcNettyTunnel.get(Integer.parseInt(part[1]), part[2], Integer.parseInt(part[3]), part[4]);
                    default -> throw new IllegalArgumentException("op " + part[0]);
                });
            }
        }
    }

    /** A GET written by hand on a Reactor Netty TCP connection (through a proxy of {@code type}, or none); the status line's code. */
    private static String[] reactorTcp(ProxyProvider.Proxy type, int proxyPort, String host, int port, String path)
            throws Exception {
        TcpClient client = TcpClient.create().remoteAddress(() -> InetSocketAddress.createUnresolved(host, port));
        if (type != null) {
            client = client.proxy(spec -> spec.type(type).host("127.0.0.1").port(proxyPort));
        }
        Connection connection = client.connect().toFuture().get(15, TimeUnit.SECONDS);
        try {
            String request = "GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n";
            connection.outbound().sendString(Mono.just(request)).then().toFuture().get(15, TimeUnit.SECONDS);
            String reply = connection.inbound().receive().asString(StandardCharsets.US_ASCII).reduce("", String::concat)
                    .toFuture().get(15, TimeUnit.SECONDS);
            return status(Integer.parseInt(reply.substring(9, 12)));
        } finally {
            connection.disposeNow();
        }
    }

    private static String[] raw(String host, int port, String path) throws Exception {
        try (Socket socket = new Socket(host, port)) {
            return get(socket, host, path);
        }
    }

    /** A GET written by hand on a connected socket; the status line's code. */
    private static String[] get(Socket socket, String host, String path) throws Exception {
        OutputStream out = socket.getOutputStream();
        out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String reply = new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        return status(Integer.parseInt(reply.substring(9, 12)));
    }

    private static InetSocketAddress proxy(String port) {
        return new InetSocketAddress("127.0.0.1", Integer.parseInt(port));
    }

    private static String readLine(InputStream in) throws Exception {
        StringBuilder line = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0 && b != '\n') {
            line.append((char) b);
        }
        return line.toString();
    }

    private static String[] status(int code) {
        return new String[] {"status", String.valueOf(code)};
    }
}
