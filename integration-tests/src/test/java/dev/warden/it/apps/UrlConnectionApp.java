package dev.warden.it.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * One HttpURLConnection (http or https) request. Args: {@code STEP METHOD URL [BODY]} where STEP is the first call
 * made on the connection: {@code connect} | {@code getInputStream} | {@code getOutputStream} (writes BODY) |
 * {@code getResponseCode}. Prints {@code RESULT ok status=.. body=..}. Redirects are followed (the default).
 * <p>{@code sequence GET URL...}: GETs each URL in turn, reading each body fully so the JDK keeps the connection
 * alive and reuses it; one {@code RESULT <outcome> step=N ...} line per request.
 */
public final class UrlConnectionApp {
    public static void main(String[] args) {
        String step = args[0];
        if (step.equals("sequence")) {
            for (int i = 2; i < args.length; i++) {
                String u = args[i];
                Report.run(new String[] {"step", String.valueOf(i - 1)}, () -> {
                    @SuppressWarnings("deprecation")
                    HttpURLConnection c = (HttpURLConnection) new URL(u).openConnection();
                    c.setConnectTimeout(5000);
                    c.setReadTimeout(10000);
                    return new String[] {"status", String.valueOf(c.getResponseCode()), "body", read(c)};
                });
            }
            return;
        }
        String method = args[1];
        String url = args[2];
        String body = args.length > 3 ? args[3] : "payload";
        Report.run(() -> {
            @SuppressWarnings("deprecation")
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(10000);
            c.setRequestMethod(method);
            c.setUseCaches(false);
            String responseBody;
            switch (step) {
                case "connect" -> {
                    c.connect();
                    responseBody = read(c);
                }
                case "getInputStream" -> {
                    try (InputStream in = c.getInputStream()) {
                        responseBody = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    }
                }
                case "getOutputStream" -> {
                    c.setDoOutput(true);
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                    responseBody = read(c);
                }
                case "getResponseCode" -> {
                    c.getResponseCode();
                    responseBody = read(c);
                }
                default -> throw new IllegalArgumentException("step " + step);
            }
            return new String[] {"status", String.valueOf(c.getResponseCode()), "body", responseBody};
        });
    }

    private static String read(HttpURLConnection c) throws java.io.IOException {
        int code = c.getResponseCode();
        try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
            return in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
