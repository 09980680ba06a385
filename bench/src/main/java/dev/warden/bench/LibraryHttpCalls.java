package dev.warden.bench;

import java.io.IOException;
import java.net.URI;
import java.util.concurrent.ExecutionException;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * The HTTP client libraries of {@link HttpCallWorkload}: one shared client each (connections pooled),
 * a GET whose status and body are checked, the body read to the end.
 */
final class LibraryHttpCalls {

    private LibraryHttpCalls() {
    }

    static HttpCallWorkload.HttpCall okHttp(URI uri) {
        OkHttpClient client = new OkHttpClient();
        Request request = new Request.Builder().url(uri.toString()).build();
        return () -> {
            try (Response response = client.newCall(request).execute()) {
                HttpCallWorkload.expectFixedResponse(response.code(), response.body().bytes().length);
            }
        };
    }

    static HttpCallWorkload.HttpCall apacheClassic(URI uri) {
        CloseableHttpClient client = HttpClients.createDefault();
        return () -> client.execute(new HttpGet(uri), response -> {
            HttpCallWorkload.expectFixedResponse(response.getCode(), EntityUtils.toByteArray(response.getEntity()).length);
            return null;
        });
    }

    /** Blocks on each response (a sequential caller, like the other clients'). */
    static HttpCallWorkload.HttpCall reactorNetty(URI uri) {
        reactor.netty.http.client.HttpClient client = reactor.netty.http.client.HttpClient.create();
        String url = uri.toString();
        return () -> {
            try {
                int[] statusAndLength = client.get().uri(url)
                        .responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
                                .map(bytes -> new int[] {response.status().code(), bytes.length}))
                        .toFuture().get();
                HttpCallWorkload.expectFixedResponse(statusAndLength[0], statusAndLength[1]);
            } catch (ExecutionException failed) {
                throw new IOException("reactor-netty GET failed", failed.getCause());
            }
        };
    }
}
