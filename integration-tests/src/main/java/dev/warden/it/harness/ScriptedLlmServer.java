package dev.warden.it.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A fake OpenAI-compatible chat completions server on loopback (for tests and the demo), driven by a {@link Script}
 * that picks each answer from the conversation so far: tool calls (ids {@code call_1}, {@code call_2}, ... across the
 * conversation) or a final assistant message. It keeps every request it received.
 */
public final class ScriptedLlmServer implements AutoCloseable {

    /** The model the server says answered: a dated version of the requested one, as real providers answer. */
    public static final String RESPONSE_MODEL = "gpt-4o-mini-2024-07-18";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One tool call the "LLM" asks for; {@code argumentsJson} is the function's arguments object. */
    public record ToolCall(String name, String argumentsJson) {
    }

    /** What the conversation holds so far: the contents of the tool results, in order. */
    public record Conversation(List<String> toolResults) {
    }

    /** The next answer: tool calls, or (with none) the final message {@code text}. */
    public record Reply(List<ToolCall> toolCalls, String text) {
        public static Reply calls(ToolCall... calls) {
            return new Reply(List.of(calls), null);
        }

        public static Reply answer(String text) {
            return new Reply(List.of(), text);
        }
    }

    /** Chooses each answer. */
    public interface Script {
        Reply next(Conversation conversation);
    }

    private final HttpServer server;
    private final Script script;
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private volatile List<String> lastToolResults = List.of();

    private ScriptedLlmServer(Script script) throws IOException {
        this.script = script;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 50);
        server.createContext("/", this::complete);
        server.start();
    }

    /** A server that asks for all of {@code calls} at once, then answers "done with N tool results". */
    public static ScriptedLlmServer start(List<ToolCall> calls) throws IOException {
        return start(conversation -> conversation.toolResults().isEmpty() ? new Reply(List.copyOf(calls), null)
                : Reply.answer("done with " + conversation.toolResults().size() + " tool results"));
    }

    public static ScriptedLlmServer start(Script script) throws IOException {
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

    /** Each request body received, as the provider saw it. */
    public List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** The tool results the last request carried (the whole conversation's, in order). */
    public List<String> toolResults() {
        return lastToolResults;
    }

    /** Each request's {@code Authorization} header as received ("" when it had none). */
    public List<String> authorizations() {
        return List.copyOf(authorizations);
    }

    private void complete(HttpExchange exchange) throws IOException {
        byte[] request = exchange.getRequestBody().readAllBytes();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        authorizations.add(authorization == null ? "" : authorization);
        requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
        bodies.add(new String(request, java.nio.charset.StandardCharsets.UTF_8));
        List<String> toolResults = new ArrayList<>();
        int callsSoFar = 0;
        for (JsonNode message : JSON.readTree(request).path("messages")) {
            if (message.path("role").asText().equals("tool")) {
                toolResults.add(message.path("content").asText());
            }
            callsSoFar += message.path("tool_calls").size();
        }
        lastToolResults = List.copyOf(toolResults);
        byte[] reply = JSON.writeValueAsBytes(completion(script.next(new Conversation(List.copyOf(toolResults))),
                callsSoFar, toolResults.size()));
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, reply.length);
        exchange.getResponseBody().write(reply);
        exchange.close();
    }

    private static ObjectNode completion(Reply reply, int callsSoFar, int turn) {
        ObjectNode message = JSON.createObjectNode().put("role", "assistant");
        if (reply.toolCalls().isEmpty()) {
            message.put("content", reply.text());
        } else {
            message.putNull("content");
            ArrayNode toolCalls = message.putArray("tool_calls");
            for (ToolCall call : reply.toolCalls()) {
                ObjectNode toolCall = toolCalls.addObject()
                        .put("id", "call_" + (++callsSoFar)).put("type", "function");
                toolCall.putObject("function").put("name", call.name()).put("arguments", call.argumentsJson());
            }
        }
        ObjectNode completion = JSON.createObjectNode().put("id", "chatcmpl-" + turn).put("object", "chat.completion")
                .put("created", 1_764_000_000L + turn).put("model", RESPONSE_MODEL);
        completion.putArray("choices").addObject().put("index", 0)
                .put("finish_reason", reply.toolCalls().isEmpty() ? "stop" : "tool_calls").set("message", message);
        completion.putObject("usage").put("prompt_tokens", 180 + 40 * turn).put("completion_tokens", 24)
                .put("total_tokens", 204 + 40 * turn);
        return completion;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
