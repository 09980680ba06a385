package dev.warden.demo;

import dev.langchain4j.agent.tool.P;
import dev.langchain4j.agent.tool.Tool;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.StringJoiner;

/**
 * The support agent's tools, as any LangChain4j app writes them. Each prints what it did, so the demo's output
 * reads as a log; a failure is thrown on to LangChain4j, which hands its message back to the LLM.
 */
public final class SupportTools {

    private final Path workspace;
    private final Connection crm;
    private final HttpClient http = HttpClient.newHttpClient();

    SupportTools(Path workspace, Connection crm) {
        this.workspace = workspace;
        this.crm = crm;
    }

    @Tool(name = "read_file", value = "Read a text file of the support workspace")
    public String readFile(@P(name = "path", value = "the path, relative to the workspace") String path) throws IOException {
        return logged("read_file " + path, () -> Files.readString(workspace.resolve(path), StandardCharsets.UTF_8));
    }

    @Tool(name = "query_database", value = "Run one SQL statement on the CRM database and return its rows")
    public String queryDatabase(@P(name = "sql", value = "the SQL statement") String sql) throws IOException {
        return logged("query_database " + sql, () -> {
            try (Statement statement = crm.createStatement()) {
                if (!statement.execute(sql)) {
                    return statement.getUpdateCount() + " rows changed";
                }
                try (ResultSet rows = statement.getResultSet()) {
                    return table(rows);
                }
            } catch (SQLException e) {
                throw new IOException(e.getMessage(), e);
            }
        });
    }

    @Tool(name = "fetch_url", value = "Fetch a web page")
    public String fetchUrl(@P(name = "url", value = "the URL") String url) throws IOException {
        return logged("fetch_url " + url, () -> {
            try {
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
                        HttpResponse.BodyHandlers.ofString());
                return "HTTP " + page.statusCode() + "\n" + page.body();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        });
    }

    @Tool(name = "write_note", value = "Save a note for the support team")
    public String writeNote(@P(name = "title", value = "a short file name") String title,
            @P(name = "text", value = "the note") String text) throws IOException {
        return logged("write_note " + title, () -> {
            Path note = workspace.resolve("notes").resolve(title.replaceAll("[^A-Za-z0-9-]", "_") + ".md");
            Files.writeString(note, text, StandardCharsets.UTF_8);
            return "saved " + workspace.relativize(note);
        });
    }

    @Tool(name = "export_customers", value = "Export every customer record, for the account managers")
    public String exportCustomers(@P(name = "destination", value = "where to send the export") String destination)
            throws IOException {
        return logged("export_customers " + destination, () -> {
            Path export = Files.createDirectories(workspace.resolve("exports")).resolve("customers.csv");
            Files.writeString(export, queryDatabase("SELECT * FROM customers"), StandardCharsets.UTF_8);
            return "exported to " + workspace.relativize(export);
        });
    }

    private interface ToolWork {
        String run() throws IOException;
    }

    private static String logged(String call, ToolWork work) throws IOException {
        try {
            String result = work.run();
            System.out.println("tool " + call + "\n    ok: " + firstLine(result));
            return result;
        } catch (IOException e) {
            System.out.println("tool " + call + "\n    FAILED: " + e.getMessage());
            throw e;
        }
    }

    private static String firstLine(String text) {
        String line = text.strip().split("\n", 2)[0];
        return line.length() > 100 ? line.substring(0, 100) + "..." : line;
    }

    private static String table(ResultSet rows) throws SQLException {
        ResultSetMetaData columns = rows.getMetaData();
        StringBuilder out = new StringBuilder();
        while (rows.next()) {
            StringJoiner row = new StringJoiner(" | ");
            for (int i = 1; i <= columns.getColumnCount(); i++) {
                row.add(columns.getColumnLabel(i).toLowerCase(java.util.Locale.ROOT) + "=" + rows.getString(i));
            }
            out.append(row).append('\n');
        }
        return out.length() == 0 ? "no rows" : out.toString();
    }
}
