package dev.warden.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * One JDK HttpClient request. Args: {@code send|sendAsync METHOD URL [HTTP_1_1|HTTP_2] [BODY]}.
 * Prints {@code RESULT ok status=.. version=.. body=..}; a sendAsync failure arrives wrapped in
 * ExecutionException (reported as via=). Redirects are followed (Redirect.NORMAL).
 * <p>{@code sequence HTTP_1_1|HTTP_2 URL...}: GETs each URL in turn with ONE client (so over one pooled
 * connection), one {@code RESULT <outcome> step=N ...} line per request.
 */
public final class HttpClientApp {
    public static void main(String[] args) {
        String mode = args[0];
        if (mode.equals("sequence")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.valueOf(args[1]))
                    .followRedirects(HttpClient.Redirect.NORMAL).connectTimeout(Duration.ofSeconds(5)).build();
            for (int i = 2; i < args.length; i++) {
                String u = args[i];
                Report.run(new String[] {"step", String.valueOf(i - 1)}, () -> {
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(u)).timeout(Duration.ofSeconds(10)).build(),
                            HttpResponse.BodyHandlers.ofString());
                    return new String[] {"status", String.valueOf(r.statusCode()), "version", r.version().name(), "body", r.body()};
                });
            }
            return;
        }
        String method = args[1];
        String url = args[2];
        HttpClient.Version version = args.length > 3 ? HttpClient.Version.valueOf(args[3]) : HttpClient.Version.HTTP_1_1;
        String body = args.length > 4 ? args[4] : null;
        Report.run(() -> {
            HttpClient client = HttpClient.newBuilder()
                    .version(version)
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            rb.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            HttpRequest request = rb.build();
            HttpResponse<String> response;
            if ("send".equals(mode)) {
                response = client.send(request, HttpResponse.BodyHandlers.ofString());
            } else if ("sendAsync".equals(mode)) {
                response = client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).get(15, TimeUnit.SECONDS);
            } else {
                throw new IllegalArgumentException("mode " + mode);
            }
            return new String[] {"status", String.valueOf(response.statusCode()), "version", response.version().name(),
                    "body", response.body()};
        });
    }
}
