package dev.warden.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** GETs its arguments in order with the JDK HttpClient; a number instead of a URL is a pause in ms. Prints the statuses. */
public final class SequenceApp {
    public static void main(String[] args) {
        Report.run(() -> {
            HttpClient client = HttpClient.newHttpClient();
            StringBuilder statuses = new StringBuilder();
            for (String arg : args) {
                if (arg.chars().allMatch(Character::isDigit)) {
                    Thread.sleep(Long.parseLong(arg));
                } else {
                    statuses.append(client.send(HttpRequest.newBuilder(URI.create(arg)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode()).append(',');
                }
            }
            return new String[] {"statuses", statuses.toString()};
        });
    }
}
