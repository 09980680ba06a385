package dev.warden.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many threads making calls for a while: args url, threads, calls per thread, and optionally a stop
 * file (then each thread calls until that file exists, whatever the count). Prints how many calls
 * succeeded and how many failed (with the first failure).
 */
public final class TrafficApp {
    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        int threads = Integer.parseInt(args[1]);
        int calls = Integer.parseInt(args[2]);
        Path stop = args.length > 3 ? Path.of(args[3]) : null;
        HttpClient client = HttpClient.newHttpClient();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        StringBuffer firstFailure = new StringBuffer();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread worker = new Thread(() -> {
                for (int n = 0; stop != null ? !Files.exists(stop) : n < calls; n++) {
                    try {
                        HttpResponse<String> response = client.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
                        (response.statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (Exception e) {
                        if (failed.getAndIncrement() == 0) {
                            firstFailure.append(e);
                        }
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
        for (Thread worker : workers) {
            worker.join();
        }
        System.out.println("RESULT " + (failed.get() == 0 ? "ok" : "error") + " calls=" + ok.get() + " failed=" + failed.get()
                + (failed.get() == 0 ? "" : " msg=" + firstFailure));
    }
}
