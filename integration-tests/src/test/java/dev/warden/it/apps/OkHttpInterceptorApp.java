package dev.warden.it.apps;

import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * OkHttp with an application interceptor (adds {@code x-app: 1}) and a network interceptor, each reporting the
 * headers it saw. Args: {@code URL}. Prints {@code RESULT ok status=.. app_saw=.. network_saw=..} where each
 * "saw" lists the header names of interest present on the request that interceptor received.
 */
public final class OkHttpInterceptorApp {
    public static void main(String[] args) {
        List<String> appSaw = new ArrayList<>();
        List<String> networkSaw = new ArrayList<>();
        OkHttpClient client = new OkHttpClient.Builder()
                .addInterceptor(chain -> {
                    appSaw.add(present(chain.request()));
                    return chain.proceed(chain.request().newBuilder().header("x-app", "1").build());
                })
                .addNetworkInterceptor(chain -> {
                    networkSaw.add(present(chain.request()));
                    return chain.proceed(chain.request());
                })
                .build();
        Report.run(() -> {
            try (Response response = client.newCall(new Request.Builder().url(args[0]).build()).execute()) {
                return new String[] {"status", String.valueOf(response.code()), "app_saw", String.join(";", appSaw),
                        "network_saw", String.join(";", networkSaw)};
            } finally {
                client.dispatcher().executorService().shutdown();
                client.connectionPool().evictAll();
            }
        });
    }

    private static String present(Request request) {
        return "x-app=" + (request.header("x-app") != null) + ",traceparent=" + (request.header("traceparent") != null);
    }
}
