package dev.warden.it.apps;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An AI app that sends its customer's data to an OpenAI-compatible server and prints the answer it sees.
 * Args: {@code BASE_URL MODE}, MODE one of {@code langchain4j} (OpenAiChatModel on its default JDK HttpClient),
 * {@code langchain4j-stream} (OpenAiStreamingChatModel, SSE), {@code jdk} (a raw JDK HttpClient POST with a query
 * string and an {@code X-Customer} header), {@code okhttp}, {@code okhttp-stream}, {@code urlconnection}.
 */
public final class ProtectedChatApp {

    /** The customer's data: an e-mail address, a card number and an API key. */
    public static final String EMAIL = "jane.doe@example.com";
    public static final String CARD = "4111 1111 1111 1111";
    public static final String SECRET = "sk-proj-Abc0def1GHI2jkl3MNO4pqr5STU6vwx7";
    public static final String PROMPT = "Write to " + EMAIL + " that card " + CARD + " was charged; my key is " + SECRET + ".";

    private ProtectedChatApp() {
    }

    public static void main(String[] args) {
        String baseUrl = args[0];
        String mode = args[1];
        Report.run(() -> new String[] {"answer", answer(baseUrl, mode).strip().replace(' ', '_')});
    }

    private static String answer(String baseUrl, String mode) throws Exception {
        switch (mode) {
            case "langchain4j":
                return OpenAiChatModel.builder().baseUrl(baseUrl).apiKey("test-key").modelName("gpt-4o-mini").maxRetries(0)
                        .build().chat(PROMPT);
            case "langchain4j-stream":
                return streamed(baseUrl);
            case "jdk":
                return jdk(baseUrl);
            case "okhttp":
                return OkHttpChat.chat(baseUrl, chatJson(false), false);
            case "okhttp-stream":
                return OkHttpChat.chat(baseUrl, chatJson(true), true);
            case "urlconnection":
                return urlConnection(baseUrl);
            default:
                throw new IllegalArgumentException(mode);
        }
    }

    private static String streamed(String baseUrl) throws Exception {
        CompletableFuture<String> done = new CompletableFuture<>();
        StringBuilder partials = new StringBuilder();
        OpenAiStreamingChatModel.builder().baseUrl(baseUrl).apiKey("test-key").modelName("gpt-4o-mini").build()
                .chat(PROMPT, new StreamingChatResponseHandler() {
                    @Override
                    public void onPartialResponse(String partial) {
                        partials.append(partial);
                    }

                    @Override
                    public void onCompleteResponse(ChatResponse response) {
                        done.complete(partials.toString());
                    }

                    @Override
                    public void onError(Throwable error) {
                        done.completeExceptionally(error);
                    }
                });
        return done.get(15, TimeUnit.SECONDS);
    }

    static String chatJson(boolean stream) {
        return "{\"model\":\"gpt-4o-mini\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\""
                + PROMPT + "\"}]}";
    }

    private static String jdk(String baseUrl) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/chat/completions?user="
                        + URLEncoder.encode(EMAIL, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .header("X-Customer", EMAIL)
                .POST(HttpRequest.BodyPublishers.ofString(chatJson(false))).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        return contentOf(response.body());
    }

    private static String urlConnection(String baseUrl) throws Exception {
        HttpURLConnection connection = (HttpURLConnection) URI.create(baseUrl + "/chat/completions").toURL().openConnection();
        connection.setRequestMethod("POST");
        connection.setDoOutput(true);
        connection.setRequestProperty("Content-Type", "application/json");
        try (OutputStream out = connection.getOutputStream()) {
            out.write(chatJson(false).getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (InputStream in = connection.getInputStream()) {
            in.transferTo(body);
        }
        return contentOf(body.toString(StandardCharsets.UTF_8));
    }

    /** The assistant message's content of a chat completion (the test server writes it without escapes). */
    static String contentOf(String completion) {
        int start = completion.indexOf("\"content\":\"") + "\"content\":\"".length();
        return completion.substring(start, completion.indexOf('"', start));
    }
}
