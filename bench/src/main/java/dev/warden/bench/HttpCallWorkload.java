package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The application {@link HttpCallBench} launches: sequential GETs to one loopback URL, client after client,
 * each with a warm-up and then a measured series, timing every call. Prints one {@link CallTimings} line per client.
 *
 * <p>Usage: {@code HttpCallWorkload URL WARMUP_CALLS MEASURED_CALLS [CLIENT,...] [chat]}; with {@code chat} every
 * call of the JDK clients is a POST of the 8 KiB chat request ({@link ChatRequestBody}) instead of a GET.
 */
public final class HttpCallWorkload {

    /** Calls per warm-up round once the given warm-up calls are done (about a tenth of a second on loopback). */
    private static final int WARMUP_ROUND_CALLS = 1_000;
    static final List<String> DEFAULT_CLIENTS = List.of("jdk-httpclient", "http-url-connection");
    static final List<String> KNOWN_CLIENTS = List.of("jdk-httpclient", "http-url-connection", "okhttp", "apache-classic",
            "reactor-netty");

    /** One complete request: status checked, body read to the end. */
    @FunctionalInterface
    interface HttpCall {
        void run() throws IOException, InterruptedException;
    }

    /** A comma-separated list of client names, each one this workload knows. */
    static List<String> clients(String list) {
        List<String> clients = Arrays.stream(list.split(",")).map(String::trim).filter(name -> !name.isEmpty()).toList();
        for (String client : clients) {
            if (!KNOWN_CLIENTS.contains(client)) {
                throw new IllegalArgumentException("unknown client " + client + " (known: " + String.join(", ", KNOWN_CLIENTS) + ")");
            }
        }
        if (clients.isEmpty()) {
            throw new IllegalArgumentException("no client named");
        }
        return clients;
    }

    private HttpCallWorkload() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int warmupCalls = Integer.parseInt(args[1]);
        int measuredCalls = Integer.parseInt(args[2]);
        byte[] chat = args.length > 4 && args[4].equals("chat") ? ChatRequestBody.json(8).getBytes(StandardCharsets.UTF_8) : null;

        List<String> clients = args.length > 3 ? clients(args[3]) : DEFAULT_CLIENTS;
        for (String client : clients) {
            HttpCall call = switch (client) {
                case "jdk-httpclient" -> jdkHttpClient(uri, chat);
                case "http-url-connection" -> urlConnection(uri.toURL(), chat);
                // the libraries' classes load only when asked for: the default run needs none of them
                case "okhttp" -> LibraryHttpCalls.okHttp(uri);
                case "apache-classic" -> LibraryHttpCalls.apacheClassic(uri);
                case "reactor-netty" -> LibraryHttpCalls.reactorNetty(uri);
                default -> throw new IllegalArgumentException("unknown client " + client);
            };
            System.out.println(measure(client, call, warmupCalls, measuredCalls).toLine());
        }
    }

    /** One shared client, so connections are pooled and reused as a real application would. */
    private static HttpCall jdkHttpClient(URI uri, byte[] chat) {
        HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = chat == null
                ? HttpRequest.newBuilder(uri).GET().build()
                : HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(chat)).build();
        return () -> {
            HttpResponse<byte[]> response = httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
            expectFixedResponse(response.statusCode(), response.body().length);
        };
    }

    private static HttpCall urlConnection(URL url, byte[] chat) {
        return () -> {
            HttpURLConnection connection = (HttpURLConnection) url.openConnection();
            if (chat != null) {
                connection.setRequestMethod("POST");
                connection.setDoOutput(true);
                connection.setRequestProperty("Content-Type", "application/json");
                try (OutputStream out = connection.getOutputStream()) {
                    out.write(chat);
                }
            }
            int status = connection.getResponseCode();
            // Reading to the end and closing (not disconnect()) hands the connection back to the keep-alive cache.
            try (InputStream body = connection.getInputStream()) {
                expectFixedResponse(status, body.readAllBytes().length);
            }
        };
    }

    private static CallTimings measure(String client, HttpCall call, int warmupCalls, int measuredCalls) throws Exception {
        long warmupMillis = SteadyState.warmUp(calls -> {
            for (int i = 0; i < calls; i++) {
                call.run();
            }
        }, warmupCalls, WARMUP_ROUND_CALLS);
        long[] nanos = new long[measuredCalls];
        for (int i = 0; i < measuredCalls; i++) {
            long start = System.nanoTime();
            call.run();
            nanos[i] = System.nanoTime() - start;
        }
        List<Double> micros = new ArrayList<>(measuredCalls);
        long totalNanos = 0;
        for (long callNanos : nanos) {
            totalNanos += callNanos;
            micros.add(callNanos / 1000.0);
        }
        return new CallTimings(client, warmupMillis, measuredCalls, totalNanos / 1000.0 / measuredCalls, Stats.median(micros));
    }

    /** A call that failed or got something else measured nothing: stop the run rather than report it. */
    static void expectFixedResponse(int status, int bodyLength) {
        if (status != 200 || bodyLength != FixedResponseHandler.BODY_LENGTH) {
            throw new IllegalStateException("unexpected response: status " + status + ", " + bodyLength + " bytes");
        }
    }
}
