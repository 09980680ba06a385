package dev.warden.it.apps;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Does one network call on another thread. Args: {@code WHERE WHAT ...} with WHERE one of {@code executor}
 * (fixed thread pool, Future.get), {@code completable} (CompletableFuture.supplyAsync on its default async pool: the common pool, or a thread per task
 * when the common pool has parallelism 1, as on 2 cores), join),
 * {@code virtual} (Executors.newVirtualThreadPerTaskExecutor, JDK 21+), and WHAT one of {@code socket HOST PORT},
 * {@code urlconnection URL}, {@code httpclient URL} (HttpClient.send). Prints {@code RESULT ok thread=<kind> ...}.
 */
public final class ThreadsApp {
    public static void main(String[] args) {
        String where = args[0];
        String what = args[1];
        Callable<String[]> work = () -> {
            String[] r = doCall(what, args);
            String[] out = new String[r.length + 2];
            out[0] = "thread";
            out[1] = describeThread();
            System.arraycopy(r, 0, out, 2, r.length);
            return out;
        };
        Report.run(() -> switch (where) {
            case "executor" -> {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    yield pool.submit(work).get(20, TimeUnit.SECONDS);
                } finally {
                    pool.shutdownNow();
                }
            }
            case "completable" -> CompletableFuture.supplyAsync(() -> {
                try {
                    return work.call();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            }).join();
            case "virtual" -> {
                ExecutorService pool = (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
                try {
                    yield pool.submit(work).get(20, TimeUnit.SECONDS);
                } finally {
                    pool.shutdownNow();
                }
            }
            default -> throw new IllegalArgumentException("where " + where);
        });
    }

    private static String[] doCall(String what, String[] args) throws Exception {
        switch (what) {
            case "socket" -> {
                return new String[] {"reply", SocketApp.connectAndPing("socket", args[2], Integer.parseInt(args[3]))};
            }
            case "urlconnection" -> {
                @SuppressWarnings("deprecation")
                HttpURLConnection c = (HttpURLConnection) new URL(args[2]).openConnection();
                c.setConnectTimeout(5000);
                c.setReadTimeout(10000);
                try (InputStream in = c.getInputStream()) {
                    return new String[] {"status", String.valueOf(c.getResponseCode()),
                            "body", new String(in.readAllBytes(), StandardCharsets.UTF_8)};
                }
            }
            case "httpclient" -> {
                HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(args[2])).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                return new String[] {"status", String.valueOf(r.statusCode()), "body", r.body()};
            }
            default -> throw new IllegalArgumentException("what " + what);
        }
    }

    private static String describeThread() {
        Thread t = Thread.currentThread();
        try {
            if ((Boolean) Thread.class.getMethod("isVirtual").invoke(t)) {
                return "virtual";
            }
        } catch (ReflectiveOperationException ignored) {
            // JDK 17: no virtual threads
        }
        if (t instanceof java.util.concurrent.ForkJoinWorkerThread) {
            return "forkjoin";
        }
        return t.getName().equals("main") ? "main" : "pool";
    }
}
