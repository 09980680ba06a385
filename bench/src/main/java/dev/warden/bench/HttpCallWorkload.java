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
import java.util.List;

/**
 * The application {@link HttpCallBench} launches: sequential GETs to one loopback URL, client after client,
 * each with a warm-up and then a measured series, timing every call. Prints one {@link CallTimings} line per client.
 *
 * <p>Usage: {@code HttpCallWorkload URL WARMUP_CALLS MEASURED_CALLS [chat]}; with {@code chat} every call is a POST of
 * the 8 KiB chat request ({@link ChatRequestBody}) instead of a GET.
 */
public final class HttpCallWorkload {

    /** One complete request: status checked, body read to the end. */
    @FunctionalInterface
    private interface HttpCall {
        void run() throws IOException, InterruptedException;
    }

    private HttpCallWorkload() {
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int warmupCalls = Integer.parseInt(args[1]);
        int measuredCalls = Integer.parseInt(args[2]);
        byte[] chat = args.length > 3 && args[3].equals("chat") ? ChatRequestBody.json(8).getBytes(StandardCharsets.UTF_8) : null;

        // One shared client, so connections are pooled and reused as a real application would.
        HttpClient httpClient = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = chat == null
                ? HttpRequest.newBuilder(uri).GET().build()
                : HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(chat)).build();
        HttpCall jdkHttpClientCall = () -> {
            HttpResponse<byte[]> response = httpClient.send(request, HttpResponse.BodyHandlers.ofByteArray());
            expectFixedResponse(response.statusCode(), response.body().length);
        };

        URL url = uri.toURL();
        HttpCall urlConnectionCall = () -> {
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

        System.out.println(measure("jdk-httpclient", jdkHttpClientCall, warmupCalls, measuredCalls).toLine());
        System.out.println(measure("http-url-connection", urlConnectionCall, warmupCalls, measuredCalls).toLine());
    }

    private static CallTimings measure(String client, HttpCall call, int warmupCalls, int measuredCalls)
            throws IOException, InterruptedException {
        for (int i = 0; i < warmupCalls; i++) {
            call.run();
        }
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
        return new CallTimings(client, measuredCalls, totalNanos / 1000.0 / measuredCalls, Stats.median(micros));
    }

    /** A call that failed or got something else measured nothing: stop the run rather than report it. */
    private static void expectFixedResponse(int status, int bodyLength) {
        if (status != 200 || bodyLength != FixedResponseHandler.BODY_LENGTH) {
            throw new IllegalStateException("unexpected response: status " + status + ", " + bodyLength + " bytes");
        }
    }
}
