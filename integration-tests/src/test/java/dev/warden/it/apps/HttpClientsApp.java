package dev.warden.it.apps;

import java.io.IOException;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * The shared client suite's app: one client (by adapter name) makes several requests, each printed as
 * {@code RESULT <outcome> case=NAME status=.. body=..}. Args: {@code ADAPTER (CASE METHOD URL BODY|-)...}.
 * Every adapter follows redirects. Asynchronous adapters report failures through the future
 * (ExecutionException, named as via=). Only the API common to the oldest and newest supported versions of
 * each library is used, so the same class runs against both.
 */
public final class HttpClientsApp {

    /** One HTTP client behind the same three calls. */
    interface Adapter extends AutoCloseable {
        String[] send(String method, String url, String body) throws Exception;

        @Override
        default void close() throws Exception {
        }
    }

    public static void main(String[] args) throws Exception {
        try (Adapter adapter = adapter(args[0])) {
            for (int i = 1; i + 3 < args.length + 1; i += 4) {
                String name = args[i];
                String method = args[i + 1];
                String url = args[i + 2];
                String body = args[i + 3].equals("-") ? null : args[i + 3];
                Report.run(new String[] {"case", name}, () -> adapter.send(method, url, body));
            }
        }
    }

    static Adapter adapter(String name) {
        return switch (name) {
            case "jdk-send" -> jdk(false);
            case "jdk-async" -> jdk(true);
            case "url-connection" -> HttpClientsApp::urlConnection;
            case "okhttp" -> okHttp(false);
            case "okhttp-async" -> okHttp(true);
            case "apache-classic" -> apacheClassic();
            case "apache-async" -> apacheAsync();
            case "reactor-netty" -> reactorNetty();
            case "webclient" -> webClient();
            default -> throw new IllegalArgumentException("adapter " + name);
        };
    }

    static String[] result(int status, String body) {
        return new String[] {"status", String.valueOf(status), "body", body};
    }

    static Adapter jdk(boolean async) {
        HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        return (method, url, body) -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                    .build();
            HttpResponse<String> response = async
                    ? client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS)
                    : client.send(request, HttpResponse.BodyHandlers.ofString());
            return result(response.statusCode(), response.body());
        };
    }

    static String[] urlConnection(String method, String url, String body) throws IOException {
        @SuppressWarnings("deprecation")
        HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(10000);
        c.setRequestMethod(method);
        if (body != null) {
            c.setDoOutput(true);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body.getBytes(StandardCharsets.UTF_8));
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return result(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static Adapter okHttp(boolean async) {
        OkHttpClient client = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(10)).build();
        return new Adapter() {
            @Override
            public String[] send(String method, String url, String body) throws Exception {
                Request request = new Request.Builder().url(url)
                        .method(method, body == null ? null : textBody(body))
                        .build();
                Call call = client.newCall(request);
                if (!async) {
                    try (Response response = call.execute()) {
                        return result(response.code(), response.body().string());
                    }
                }
                CompletableFuture<String[]> done = new CompletableFuture<>();
                call.enqueue(new Callback() {
                    @Override
                    public void onFailure(Call failed, IOException e) {
                        done.completeExceptionally(e);
                    }

                    @Override
                    public void onResponse(Call answered, Response response) throws IOException {
                        try (response) {
                            done.complete(result(response.code(), response.body().string()));
                        }
                    }
                });
                return done.get(15, TimeUnit.SECONDS);
            }

            @Override
            public void close() {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        };
    }

    /** The (MediaType, String) form: OkHttp 3 has no other, 4 and 5 still have it. */
    @SuppressWarnings("deprecation")
    private static RequestBody textBody(String body) {
        return RequestBody.create(MediaType.get("text/plain"), body);
    }

    static Adapter apacheClassic() {
        CloseableHttpClient client = HttpClients.createDefault();
        return new Adapter() {
            @Override
            public String[] send(String method, String url, String body) throws Exception {
                HttpUriRequestBase request = new HttpUriRequestBase(method, URI.create(url));
                if (body != null) {
                    request.setEntity(new StringEntity(body, ContentType.TEXT_PLAIN));
                }
                return client.execute(request, response ->
                        result(response.getCode(), response.getEntity() == null ? "" : EntityUtils.toString(response.getEntity())));
            }

            @Override
            public void close() throws IOException {
                client.close();
            }
        };
    }

    static Adapter apacheAsync() {
        CloseableHttpAsyncClient client = HttpAsyncClients.createDefault();
        client.start();
        return new Adapter() {
            @Override
            public String[] send(String method, String url, String body) throws Exception {
                SimpleHttpRequest request = new SimpleHttpRequest(method, URI.create(url));
                if (body != null) {
                    request.setBody(body, ContentType.TEXT_PLAIN);
                }
                SimpleHttpResponse response = client.execute(request, null).get(15, TimeUnit.SECONDS);
                String text = response.getBodyText();
                return result(response.getCode(), text == null ? "" : text);
            }

            @Override
            public void close() throws IOException {
                client.close();
            }
        };
    }

    /** Reactor Netty's HTTP client, subscribed through a future (its failures arrive as ExecutionException). */
    static Adapter reactorNetty() {
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create()
                .followRedirect(true).responseTimeout(Duration.ofSeconds(10));
        return (method, url, body) -> {
            reactor.netty.http.client.HttpClient.RequestSender request = client
                    .request(io.netty.handler.codec.http.HttpMethod.valueOf(method)).uri(url);
            reactor.netty.http.client.HttpClient.ResponseReceiver<?> sending = body == null
                    ? request : request.send(ByteBufFlux.fromString(Mono.just(body)));
            return sending.responseSingle((response, content) -> content.asString().defaultIfEmpty("")
                            .map(text -> result(response.status().code(), text)))
                    .toFuture().get(15, TimeUnit.SECONDS);
        };
    }

    /** Spring WebClient over Reactor Netty; it wraps a failed request in WebClientRequestException. */
    static Adapter webClient() {
        WebClient client = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(reactor.netty.http.client.HttpClient.create()
                        .followRedirect(true).responseTimeout(Duration.ofSeconds(10))))
                .build();
        return (method, url, body) -> {
            WebClient.RequestBodySpec request = client.method(org.springframework.http.HttpMethod.valueOf(method))
                    .uri(URI.create(url));
            WebClient.RequestHeadersSpec<?> sending = body == null ? request
                    : request.contentType(org.springframework.http.MediaType.TEXT_PLAIN).bodyValue(body);
            return sending.exchangeToMono(response -> response.bodyToMono(String.class).defaultIfEmpty("")
                            .map(text -> result(response.statusCode().value(), text)))
                    .toFuture().get(15, TimeUnit.SECONDS);
        };
    }
}
