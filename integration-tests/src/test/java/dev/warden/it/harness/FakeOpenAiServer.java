package dev.warden.it.harness;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A local OpenAI-compatible chat server for the data-protection tests. It records every request body and answers
 * {@code POST /v1/chat/completions} with a reply that quotes back what it received: every Warden token and redaction
 * placeholder in the request, in order ({@code "I noted: wdn_... [REDACTED:secret]"}). A request with
 * {@code "stream":true} gets an SSE stream (chunked), each token written in two halves with a flush and a pause in
 * between, so that the client receives a token split across chunks.
 */
public final class FakeOpenAiServer implements AutoCloseable {

    private static final Pattern QUOTED = Pattern.compile("wdn_[0-9a-f]{12}_[A-Za-z0-9_-]+|\\[REDACTED:[a-z_]+\\]");

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> bodies = new CopyOnWriteArrayList<>();

    public FakeOpenAiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
        executor = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fake-openai");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL an OpenAI client takes ({@code http://127.0.0.1:PORT/v1}). */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Every request body received, as text, in order (with the query string first, as {@code ?QUERY\n}). */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** The reply's text for a request body: what it quotes back. */
    static String replyTo(String body) {
        List<String> quoted = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(body);
        while (matcher.find()) {
            quoted.add(matcher.group());
        }
        return "I noted: " + String.join(" ", quoted);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String query = exchange.getRequestURI().getRawQuery();
            String headers = String.valueOf(exchange.getRequestHeaders().get("X-Customer"));
            bodies.add((query == null ? "" : "?" + query + "\n") + "X-Customer: " + headers + "\n" + body);
            String reply = replyTo(body + " " + (query == null ? "" : query));
            if (body.replace(" ", "").contains("\"stream\":true")) {
                stream(exchange, reply);
            } else {
                byte[] json = completion(reply).getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, json.length);
                exchange.getResponseBody().write(json);
            }
        }
    }

    private static String completion(String reply) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1700000000,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"" + reply + "\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":10,\"total_tokens\":30}}";
    }

    private static void stream(HttpExchange exchange, String reply) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (String word : reply.split(" ")) {
            String event = "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                    + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + word + " \"},"
                    + "\"finish_reason\":null}]}\n\n";
            int half = event.indexOf(word) + word.length() / 2;
            out.write(event.substring(0, half).getBytes(StandardCharsets.UTF_8));
            out.flush();
            pause();
            out.write(event.substring(half).getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        out.write(("data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
                + "\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
                + "data: [DONE]\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
