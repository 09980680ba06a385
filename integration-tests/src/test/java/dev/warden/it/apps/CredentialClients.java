package dev.warden.it.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** The four URL-level clients, each sending one POST with an Authorization header and a JSON body. */
final class CredentialClients {

    private CredentialClients() {
    }

    interface Client extends AutoCloseable {
        String[] send(String url, String authorization, String body) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    static Client of(String name) {
        return switch (name) {
            case "jdk" -> (url, authorization, body) -> jdk(HttpClient.Redirect.NEVER, url, authorization, body);
            case "jdk-redirects" -> (url, authorization, body) -> jdk(HttpClient.Redirect.NORMAL, url, authorization, body);
            case "okhttp" -> CredentialClients::okHttp;
            case "url-connection" -> CredentialClients::urlConnection;
            case "apache" -> apache();
            case "langchain4j" -> CredentialClients::langChain4j;
            case "spring-ai" -> CredentialClients::springAi;
            default -> throw new IllegalArgumentException("client " + name);
        };
    }

    private static String[] result(int status, String body) {
        return new String[] {"status", String.valueOf(status), "body", body.replace(' ', '_')};
    }

    private static String[] jdk(HttpClient.Redirect redirects, String url, String authorization, String body) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(redirects)
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return result(response.statusCode(), response.body());
    }

    private static String[] okHttp(String url, String authorization, String body) throws Exception {
        OkHttpClient client = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(5)).build();
        Request request = new Request.Builder().url(url).header("Authorization", authorization)
                .post(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("application/json"))).build();
        try (Response response = client.newCall(request).execute()) {
            return result(response.code(), response.body().string());
        }
    }

    private static String[] urlConnection(String url, String authorization, String body) throws Exception {
        @SuppressWarnings("deprecation")
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setRequestMethod("POST");
        c.setRequestProperty("Authorization", authorization);
        c.setRequestProperty("Content-Type", "application/json");
        c.setDoOutput(true);
        try (OutputStream out = c.getOutputStream()) {
            out.write(body.getBytes(StandardCharsets.UTF_8));
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return result(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * LangChain4j's OpenAI model (on the JDK HttpClient) configured with the placeholder as its API key; {@code url}
     * is its base URL. The test server's answer is no chat completion: what counts is what the server received.
     */
    private static String[] langChain4j(String url, String authorization, String body) {
        try {
            dev.langchain4j.model.openai.OpenAiChatModel.builder().baseUrl(url).apiKey("wdn_cred_llm").modelName("gpt-4o-mini")
                    .maxRetries(0).build().chat("hello");
            return new String[] {"sent", "answered"};
        } catch (RuntimeException notAChatCompletion) {
            if (String.valueOf(notAChatCompletion.getMessage()).contains("warden: denied")) {
                throw notAChatCompletion;
            }
            return new String[] {"sent", "unparsable-answer"};
        }
    }

    /**
     * Spring AI's OpenAI model (its RestClient on whichever HTTP client the class path offers) configured with the
     * placeholder as its API key, one attempt; {@code url} is the base URL with {@code /v1}.
     */
    private static String[] springAi(String url, String authorization, String body) {
        try {
            org.springframework.ai.openai.api.OpenAiApi api = org.springframework.ai.openai.api.OpenAiApi.builder()
                    .baseUrl(url.replaceFirst("/v1$", "")).apiKey("wdn_cred_llm").build();
            org.springframework.ai.openai.OpenAiChatModel.builder().openAiApi(api)
                    .retryTemplate(org.springframework.retry.support.RetryTemplate.builder().maxAttempts(1).build())
                    .build().call("hello from spring");
            return new String[] {"sent", "answered"};
        } catch (RuntimeException notAChatCompletion) {
            if (String.valueOf(notAChatCompletion.getMessage()).contains("warden: denied")) {
                throw notAChatCompletion;
            }
            return new String[] {"sent", "unparsable-answer"};
        }
    }

    private static Client apache() {
        CloseableHttpClient client = HttpClients.createDefault();
        return new Client() {
            @Override
            public String[] send(String url, String authorization, String body) throws Exception {
                HttpPost post = new HttpPost(url);
                post.setHeader("Authorization", authorization);
                post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
                String[] result = client.execute(post, response -> result(response.getCode(), EntityUtils.toString(response.getEntity())));
                // what the app's own request object holds afterwards
                return new String[] {result[0], result[1], result[2], result[3], "afterwards", post.getFirstHeader("Authorization").getValue().replace(' ', '_')};
            }

            @Override
            public void close() throws Exception {
                client.close();
            }
        };
    }
}
