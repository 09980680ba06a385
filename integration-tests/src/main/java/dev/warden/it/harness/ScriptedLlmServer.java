package dev.warden.it.harness;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake OpenAI-compatible chat completions server on loopback (for tests and demos), scripted: a request without tool
 * results (a conversation's first) is answered with the given tool calls (ids {@code call_1},
 * {@code call_2}, ...), one carrying the tools' results with a final assistant message.
 */
public final class ScriptedLlmServer implements AutoCloseable {

    /** One tool call the "LLM" asks for; {@code argumentsJson} is the function's arguments object. */
    public record ToolCall(String name, String argumentsJson) {
    }

    private final HttpServer server;
    private final List<ToolCall> script;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    private ScriptedLlmServer(List<ToolCall> script) throws IOException {
        this.script = List.copyOf(script);
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.createContext("/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            byte[] reply = (toolResults(body) == 0 ? toolCalls() : finalAnswer(body)).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, reply.length);
            exchange.getResponseBody().write(reply);
            exchange.close();
        });
        server.start();
    }

    public static ScriptedLlmServer start(List<ToolCall> script) throws IOException {
        return new ScriptedLlmServer(script);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The base URL an OpenAI client is given: {@code http://127.0.0.1:PORT/v1}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** Method and path of each request received. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    private String toolCalls() {
        List<String> calls = new ArrayList<>();
        for (int i = 0; i < script.size(); i++) {
            ToolCall call = script.get(i);
            calls.add("{\"id\":\"call_" + (i + 1) + "\",\"type\":\"function\",\"function\":{\"name\":\"" + call.name()
                    + "\",\"arguments\":" + quote(call.argumentsJson()) + "}}");
        }
        return completion("{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[" + String.join(",", calls) + "]}",
                "tool_calls");
    }

    private static int toolResults(String request) {
        return request.split("\"role\"\\s*:\\s*\"tool\"", -1).length - 1;
    }

    private static String finalAnswer(String request) {
        return completion("{\"role\":\"assistant\",\"content\":\"done with " + toolResults(request)
                + " tool results\"}", "stop");
    }

    private static String completion(String message, String finishReason) {
        return "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,\"model\":\"gpt-4o-mini\","
                + "\"choices\":[{\"index\":0,\"message\":" + message + ",\"finish_reason\":\"" + finishReason + "\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}";
    }

    private static String quote(String json) {
        return "\"" + json.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
