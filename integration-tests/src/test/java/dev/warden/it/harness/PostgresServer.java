package dev.warden.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for a test class, from the machine's PostgreSQL binaries
 * ({@code /usr/lib/postgresql/N/bin}): a fresh cluster in a temporary directory (trust
 * authentication), listening on a free loopback port only, stopped and deleted on {@link #close()}.
 * Run as the {@code postgres} user when the tests run as root (PostgreSQL refuses root).
 */
public final class PostgresServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path bin;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;

    private PostgresServer(Path bin, Path dataDir, int port, boolean asPostgresUser) {
        this.bin = bin;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
    }

    /** The newest installed PostgreSQL's bin directory, or null when none is installed. */
    public static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("postgres")))
                    .max(Comparator.comparing(b -> Integer.parseInt(b.getParent().getFileName().toString().replaceAll("\\D", "0"))))
                    .orElse(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Initialises a cluster, starts it and creates {@code database}. */
    public static PostgresServer start(String database) throws IOException, InterruptedException {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("no PostgreSQL binaries under /usr/lib/postgresql");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path base = Files.createTempDirectory(Path.of("/tmp"), "warden-pg");
        Path data = base.resolve("data");
        if (root) {
            run(List.of("chown", "postgres", base.toString()), false);
        }
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        PostgresServer server = new PostgresServer(bin, data, port, root);
        server.exec(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "--no-sync", "-E", "UTF8");
        server.exec(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-t", "30", "-l",
                base.resolve("server.log").toString(), "-o",
                "-p " + port + " -c listen_addresses=127.0.0.1 -k " + base + " -c fsync=off", "start");
        server.awaitListening();
        server.exec(bin.resolve("createdb").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres", database);
        return server;
    }

    public int port() {
        return port;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs SQL with {@code psql} (not through the app): set-up and checks behind the app's back. */
    public String psql(String database, String sql) throws IOException, InterruptedException {
        return exec(bin.resolve("psql").toString(), "-h", "127.0.0.1", "-p", String.valueOf(port), "-U", "postgres",
                "-d", database, "-At", "-v", "ON_ERROR_STOP=1", "-c", sql).trim();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        try {
            exec(bin.resolve("pg_ctl").toString(), "-D", dataDir.toString(), "-m", "immediate", "-w", "stop");
        } finally {
            try (Stream<Path> files = Files.walk(dataDir.getParent())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException("PostgreSQL did not listen on port " + port);
    }

    private String exec(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgresUser) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(List.of(command));
        return run(full, true);
    }

    private static String run(List<String> command, boolean captureOutput) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).directory(Path.of("/tmp").toFile()).start();
        process.getOutputStream().close();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        if (process.exitValue() != 0) {
            throw new IllegalStateException("failed (" + process.exitValue() + "): " + command + "\n" + output);
        }
        return captureOutput ? output : "";
    }
}
