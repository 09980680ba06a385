package dev.warden.it.apps;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.lang.ref.Cleaner;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import java.util.concurrent.RecursiveTask;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the AI tools of the tool-scope apps do, written with no knowledge of Warden: fetch a URL,
 * read a file, query a database, or hand a fetch to another thread. Each prints a RESULT line
 * tagged {@code step=NAME} (and the thread kind it ran on), the same whether a tool or the app's
 * own code calls it.
 */
public final class ToolWork {

    public static final String DATABASE = "jdbc:h2:mem:crm;DB_CLOSE_DELAY=-1";

    /** A pool the app made before any tool ran; its worker thread is started by a tool's first task. */
    private static final ExecutorService SHARED_POOL = Executors.newSingleThreadExecutor();
    /** Made before any tool runs: their threads are not started in a tool's scope. */
    private static final ScheduledExecutorService SCHEDULER = Executors.newSingleThreadScheduledExecutor();
    private static final Timer TIMER = new Timer("tool-timer", true);
    private static final Cleaner CLEANER = Cleaner.create();
    private static final ForkJoinPool FORK_POOL = new ForkJoinPool(2);

    private ToolWork() {
    }

    /** The database the query tool reads: notes (the tool's) and secrets (not the tool's). */
    public static void createDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE notes(id INT PRIMARY KEY, text VARCHAR(100))");
            s.execute("CREATE TABLE secrets(id INT PRIMARY KEY, text VARCHAR(100))");
            s.execute("INSERT INTO notes VALUES (1, 'buy milk')");
            s.execute("INSERT INTO secrets VALUES (1, 'hunter2')");
        }
    }

    public static String fetchUrl(String step, String url) {
        return report(step, () -> {
            @SuppressWarnings("deprecation")
            HttpURLConnection c = (HttpURLConnection) new URL(url).openConnection();
            c.setConnectTimeout(5000);
            c.setReadTimeout(10000);
            try (InputStream in = c.getInputStream()) {
                return new String[] {"status", String.valueOf(c.getResponseCode()),
                        "body", new String(in.readAllBytes(), StandardCharsets.UTF_8)};
            }
        });
    }

    public static String readFile(String step, String path) {
        return report(step, () -> new String[] {"content", Files.readString(Path.of(path))});
    }

    /** Creates (or replaces) the file at {@code path} with {@code text}. */
    public static String writeFile(String step, String path, String text) {
        return report(step, () -> {
            Files.writeString(Path.of(path), text);
            return new String[] {"written", path};
        });
    }

    public static String queryDb(String step, String sql) {
        return report(step, () -> {
            try (Connection c = DriverManager.getConnection(DATABASE); Statement s = c.createStatement();
                    ResultSet rows = s.executeQuery(sql)) {
                StringBuilder text = new StringBuilder();
                while (rows.next()) {
                    text.append(rows.getString(2)).append(';');
                }
                return new String[] {"rows", text.toString()};
            }
        });
    }

    /**
     * Fetches {@code url} on another thread: {@code executor} (the shared pool), {@code completable}
     * ({@code CompletableFuture.supplyAsync}, default pool), {@code forkjoin} (the common pool),
     * {@code thread} (a new platform thread), {@code virtual} ({@code Thread.ofVirtual().start}, JDK 21+),
     * {@code virtual-executor} ({@code Executors.newVirtualThreadPerTaskExecutor}, JDK 21+),
     * {@code fixed-rate} and {@code fixed-delay} (a {@code ScheduledExecutorService}), {@code timer}
     * (a {@code java.util.Timer}), {@code cleaner} (a {@code Cleaner} action, run once its object is
     * collected), {@code fork} (a task given to a {@code ForkJoinPool} that forks the work).
     */
    public static String fetchOn(String step, String how, String url) {
        Callable<String> work = () -> fetchUrl(step + ":" + how + ":" + threadKind(), url);
        try {
            return switch (how) {
                case "executor" -> SHARED_POOL.submit(work).get(20, TimeUnit.SECONDS);
                case "completable" -> CompletableFuture.supplyAsync(() -> {
                    try {
                        return work.call();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                }).join();
                case "forkjoin" -> ForkJoinPool.commonPool().submit(work).get(20, TimeUnit.SECONDS);
                case "thread" -> onThread(work, false);
                case "fixed-rate", "fixed-delay" -> {
                    CompletableFuture<String> result = new CompletableFuture<>();
                    Runnable once = () -> result.complete(call(work));
                    ScheduledFuture<?> repeating = how.equals("fixed-rate") ? SCHEDULER.scheduleAtFixedRate(once, 0, 1, TimeUnit.HOURS)
                            : SCHEDULER.scheduleWithFixedDelay(once, 0, 1, TimeUnit.HOURS);
                    try {
                        yield result.get(20, TimeUnit.SECONDS);
                    } finally {
                        repeating.cancel(false);
                    }
                }
                case "timer" -> {
                    CompletableFuture<String> result = new CompletableFuture<>();
                    TIMER.schedule(new TimerTask() {
                        @Override
                        public void run() {
                            result.complete(call(work));
                        }
                    }, 0);
                    yield result.get(20, TimeUnit.SECONDS);
                }
                case "cleaner" -> {
                    CompletableFuture<String> result = new CompletableFuture<>();
                    CLEANER.register(new Object(), () -> result.complete(call(work)));
                    // the action runs once the object is unreachable: wait for that event, asking for collections
                    while (!result.isDone()) {
                        System.gc();
                        try {
                            yield result.get(100, TimeUnit.MILLISECONDS);
                        } catch (java.util.concurrent.TimeoutException notYet) {
                            // collect again
                        }
                    }
                    yield result.join();
                }
                case "fork" -> {
                    // the tool's thread only waits for the result, never joins a task: a worker of the
                    // pool must run both the submitted task and the one it forks
                    CompletableFuture<String> result = new CompletableFuture<>();
                    FORK_POOL.execute(new RecursiveAction() {
                        @Override
                        protected void compute() {
                            RecursiveTask<String> forked = new RecursiveTask<>() {
                                @Override
                                protected String compute() {
                                    return call(work);
                                }
                            };
                            forked.fork();
                            result.complete(forked.join());
                        }
                    });
                    yield result.get(20, TimeUnit.SECONDS);
                }
                case "virtual" -> onThread(work, true);
                case "virtual-executor" -> {
                    ExecutorService pool = (ExecutorService) Executors.class
                            .getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
                    try {
                        yield pool.submit(work).get(20, TimeUnit.SECONDS);
                    } finally {
                        pool.shutdown();
                    }
                }
                default -> throw new IllegalArgumentException("how " + how);
            };
        } catch (Exception e) {
            Report.failure(new String[] {"step", step + ":" + how}, e);
            return "failed: " + e;
        }
    }

    private static String call(Callable<String> work) {
        try {
            return work.call();
        } catch (Exception e) {
            throw new CompletionException(e);
        }
    }

    /** The shared pool's thread, after the tools ran: it must not work in a tool's scope any more. */
    public static String fetchOnSharedPoolLater(String step, String url) throws Exception {
        return SHARED_POOL.submit(() -> fetchUrl(step + ":" + threadKind(), url)).get(20, TimeUnit.SECONDS);
    }

    private static String onThread(Callable<String> work, boolean virtual) throws Exception {
        AtomicReference<String> result = new AtomicReference<>();
        Runnable body = () -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                result.set("failed: " + e);
            }
        };
        Thread thread;
        if (virtual) {
            Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
            thread = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                    .invoke(builder, body);
        } else {
            thread = new Thread(body, "tool-worker");
            thread.start();
        }
        thread.join(20_000);
        return result.get();
    }

    private static String report(String step, Report.Action action) {
        String[] tags = {"step", step};
        try {
            String[] values = action.call();
            String[] line = new String[tags.length + values.length];
            System.arraycopy(tags, 0, line, 0, tags.length);
            System.arraycopy(values, 0, line, tags.length, values.length);
            Report.ok(line);
            return String.join(" ", values);
        } catch (Throwable failed) {
            Report.failure(tags, failed);
            return "failed: " + failed.getMessage();
        }
    }

    private static String threadKind() {
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
