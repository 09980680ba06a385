package dev.warden.it.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;

/**
 * A small agent workload touching every kind of access: two GETs, a file written, read, listed and
 * deleted, an H2 table created, written and read, and a process. Args: base URL, work directory,
 * and optionally {@code extra} (one GET more than usual). Prints {@code RESULT ok ...}.
 */
public final class WorkloadApp {
    public static void main(String[] args) {
        Report.run(() -> {
            HttpClient client = HttpClient.newHttpClient();
            StringBuilder statuses = new StringBuilder();
            for (String path : args.length > 2 && args[2].equals("extra") ? new String[] {"/ok/a", "/ok/b", "/ok/extra"}
                    : new String[] {"/ok/a", "/ok/b"}) {
                statuses.append(client.send(HttpRequest.newBuilder(URI.create(args[0] + path)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode()).append(',');
            }
            Path work = Files.createDirectories(Path.of(args[1]));
            Path report = Files.createTempFile(work, "report-", ".txt");
            Files.writeString(report, "42 customers");
            String read = Files.readString(report);
            long listed;
            try (Stream<Path> entries = Files.list(work)) {
                listed = entries.count();
            }
            Files.delete(report);
            int rows;
            try (Connection db = DriverManager.getConnection("jdbc:h2:mem:learn"); Statement sql = db.createStatement()) {
                sql.execute("CREATE TABLE customers (id INT, name VARCHAR(20))");
                sql.executeUpdate("INSERT INTO customers VALUES (1, 'Ada')");
                try (ResultSet rs = sql.executeQuery("SELECT count(*) FROM customers")) {
                    rs.next();
                    rows = rs.getInt(1);
                }
            }
            int exit = new ProcessBuilder("/bin/true").start().waitFor();
            return new String[] {"statuses", statuses.toString(), "read", read, "listed", Long.toString(listed),
                "rows", Integer.toString(rows), "exit", Integer.toString(exit)};
        });
    }
}
