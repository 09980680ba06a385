package dev.warden.it.apps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/**
 * Asks for one URL again and again until it is allowed (a policy reload) or the attempts run out.
 * Args: url, max attempts, pause between attempts in ms.
 */
public final class PollingApp {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int attempts = Integer.parseInt(args[1]);
        long pause = Long.parseLong(args[2]);
        HttpClient client = HttpClient.newHttpClient();
        IOException last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
                System.out.println("RESULT ok attempts=" + attempt + " status=" + response.statusCode());
                return;
            } catch (IOException denied) {
                last = denied;
                Thread.sleep(pause);
            }
        }
        System.out.println("RESULT denied attempts=" + attempts + " type=" + last.getClass().getName() + " msg=" + last.getMessage());
    }
}
