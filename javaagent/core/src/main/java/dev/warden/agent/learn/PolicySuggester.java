package dev.warden.agent.learn;

import dev.warden.agent.json.JsonWriter;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.schema.JsonSchema;

/**
 * Derives a least-privilege policy (format 1) from audit records: one egress rule per destination
 * with the methods and paths seen, file rules with the modes seen (paths collapsed into narrow
 * globs, written with the policy's path variables), database rules with the operations and
 * tables seen, the exact process argvs, and a segment per tool with what that tool did. Each rule
 * carries a comment saying what it came from. The result is parsed before it is returned.
 *
 * <p>Record targets, as the hooks write them: egress {@code URL} (action = the method) or
 * {@code host:port} (connect, send) or {@code host} (resolve); file: the canonical path (action =
 * the mode); database: the JDBC URL (action = the operation or {@code connect}, detail = the
 * tables, comma-separated); process: the argv as a JSON array (action {@code exec}).
 */
public final class PolicySuggester {

    /** Database actions that are operations a rule can allow (not {@code connect}, not unparsable SQL). */
    private static final Set<String> STATEMENT_OPERATIONS = Set.of("select", "insert", "update", "delete", "ddl", "call");
    private static final List<String> PATH_VARIABLES = List.of("java.io.tmpdir", "user.home", "user.dir");

    private final Observed everything = new Observed();
    private final Map<String, Observed> tools = new TreeMap<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private final Load json = new Load(LoadSettings.builder().setSchema(new JsonSchema()).build());
    private long decisions;

    /** Takes one record as {@code AuditReader} gives it. */
    public void accept(Map<String, Object> record) {
        Object type = record.get("type");
        if ("start".equals(type)) {
            for (String variable : PATH_VARIABLES) {
                Object value = record.get(variable);
                if (value instanceof String text && text.startsWith("/") && text.length() > 1) {
                    variables.put(variable, text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
                }
            }
        } else if ("decision".equals(type) && !builtIn(String.valueOf(record.get("rule")))) {
            decisions++;
            everything.add(record, json);
            Object scope = record.get("scope");
            if (scope instanceof String s && s.startsWith("tool:")) {
                tools.computeIfAbsent(s.substring(5), t -> new Observed()).add(record, json);
            }
        }
    }

    /** Allowed whatever the policy says (the JVM's own reads, the machine's own names): no rule needed. */
    private static boolean builtIn(String rule) {
        return rule.startsWith("jvm:") || rule.equals("local-host-name");
    }

    public long decisions() {
        return decisions;
    }

    /** The suggested policy's text, already checked by the policy parser. */
    public String suggest(String name) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Suggested by 'warden-agent.jar policy suggest' from ").append(decisions)
                .append(" recorded decisions. Review it: it allows exactly what was seen, no more.\n");
        yaml.append("policy: ").append(quote(name)).append("\nmode: enforce\n");
        everything.write(yaml, "", variables);
        if (!tools.isEmpty()) {
            yaml.append("segments:\n");
            tools.forEach((tool, seen) -> {
                yaml.append("  - tool: ").append(quote(tool)).append("      # what this tool did; segments only narrow\n");
                seen.write(yaml, "    ", variables);
            });
        }
        String text = yaml.toString();
        try {
            PolicyParser.parse(text, "suggested policy");
        } catch (PolicyException bug) {
            throw new IllegalStateException("the suggested policy does not parse (a bug in policy suggest): " + bug.getMessage()
                    + "\n" + text, bug);
        }
        return text;
    }

    static String quote(String text) {
        return new JsonWriter().value(text).toString();
    }

    /** What one scope (the whole app, or one tool) did. */
    private static final class Observed {
        final Map<String, Destination> egress = new TreeMap<>();
        final Map<String, Set<String>> files = new TreeMap<>();
        final Map<String, Database> databases = new TreeMap<>();
        final Set<List<String>> processes = new java.util.LinkedHashSet<>();

        void add(Map<String, Object> record, Load json) {
            String kind = String.valueOf(record.get("kind"));
            String action = String.valueOf(record.get("action"));
            String target = String.valueOf(record.get("target"));
            switch (kind) {
                case "egress" -> addEgress(action, target);
                case "file" -> files.computeIfAbsent(target, p -> new TreeSet<>()).add(action.toLowerCase(Locale.ROOT));
                case "database" -> {
                    Database database = databases.computeIfAbsent(target, u -> new Database());
                    if (STATEMENT_OPERATIONS.contains(action)) {
                        database.operations.add(action);
                    }
                    if (record.get("detail") instanceof String tables && !tables.isBlank()) {
                        for (String table : tables.split(",")) {
                            database.tables.add(table.trim());
                        }
                    }
                }
                case "process" -> {
                    if (json.loadFromString(target) instanceof List<?> argv) {
                        processes.add(argv.stream().map(String::valueOf).toList());
                    }
                }
                default -> { }
            }
        }

        private void addEgress(String action, String target) {
            if (action.equals("connect") || action.equals("send") || action.equals("resolve")) {
                Destination destination = egress.computeIfAbsent(target, t -> new Destination(t));
                destination.sockets++;
                return;
            }
            URI uri;
            try {
                uri = new URI(target);
            } catch (URISyntaxException notAUrl) {
                return;
            }
            if (uri.getHost() == null || uri.getScheme() == null) {
                return;
            }
            int port = uri.getPort() >= 0 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
            String host = uri.getHost().startsWith("[") || !uri.getHost().contains(":") ? uri.getHost() : "[" + uri.getHost() + "]";
            Destination destination = egress.computeIfAbsent(host + ":" + port, Destination::new);
            destination.requests++;
            destination.methods.add(action.toUpperCase(Locale.ROOT));
            destination.paths.add(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath());
            destination.plaintext |= uri.getScheme().equalsIgnoreCase("http");
        }

        void write(StringBuilder yaml, String indent, Map<String, String> variables) {
            writeEgress(yaml, indent);
            writeFiles(yaml, indent, variables);
            if (!databases.isEmpty()) {
                yaml.append(indent).append("databases:\n");
                databases.forEach((url, database) -> {
                    yaml.append(indent).append("  - url: ").append(quote(url)).append('\n');
                    yaml.append(indent).append("    allow: ").append(database.operations).append('\n');
                    if (!database.tables.isEmpty()) {
                        yaml.append(indent).append("    tables: [").append(String.join(", ", database.tables.stream().map(PolicySuggester::quote).toList())).append("]\n");
                    }
                });
            }
            if (!processes.isEmpty()) {
                yaml.append(indent).append("processes:\n");
                for (List<String> argv : processes) {
                    yaml.append(indent).append("  - command: [").append(String.join(", ", argv.stream().map(PolicySuggester::quote).toList())).append("]\n");
                }
            }
        }

        private void writeEgress(StringBuilder yaml, String indent) {
            // a name only looked up is covered by any rule for that name
            List<Destination> destinations = egress.values().stream()
                    .filter(d -> d.requests > 0 || d.target.contains(":")
                            || egress.keySet().stream().noneMatch(other -> other.startsWith(d.target + ":")))
                    .toList();
            if (destinations.isEmpty()) {
                return;
            }
            yaml.append(indent).append("egress:\n");
            for (Destination destination : destinations) {
                yaml.append(indent).append("  - to: ").append(quote(destination.target)).append("      # ").append(destination.describe()).append('\n');
                if (destination.plaintext && !Destination.loopback(destination.target)) {
                    yaml.append(indent).append("    tls: optional      # plaintext http was seen\n");
                }
                if (destination.requests > 0) { // raw sockets to the same host and port are allowed by to: alone
                    List<String> paths = new ArrayList<>(PathCollapser.collapse(destination.paths, Set.of()).keySet());
                    yaml.append(indent).append("    http: { methods: ").append(destination.methods).append(", paths: [")
                            .append(String.join(", ", paths.stream().map(PolicySuggester::quote).toList())).append("] }\n");
                }
            }
        }

        private void writeFiles(StringBuilder yaml, String indent, Map<String, String> variables) {
            if (files.isEmpty()) {
                return;
            }
            Set<String> generated = new TreeSet<>();
            files.forEach((path, modes) -> {
                if (modes.contains("create") || modes.contains("delete")) {
                    generated.add(path);
                }
            });
            yaml.append(indent).append("files:\n");
            PathCollapser.collapse(files.keySet(), generated).forEach((pattern, paths) -> {
                Set<String> modes = new TreeSet<>();
                paths.forEach(path -> modes.addAll(files.get(path)));
                yaml.append(indent).append("  - path: ").append(quote(withVariables(pattern, variables)))
                        .append("      # ").append(paths.size() == 1 ? "seen" : paths.size() + " paths seen, e.g. " + paths.get(0)).append('\n');
                yaml.append(indent).append("    allow: ").append(modes).append('\n');
            });
        }

        private static String withVariables(String path, Map<String, String> variables) {
            String best = null;
            for (Map.Entry<String, String> variable : variables.entrySet()) {
                String value = variable.getValue();
                if ((path.equals(value) || path.startsWith(value + "/")) && (best == null || value.length() > variables.get(best).length())) {
                    best = variable.getKey();
                }
            }
            return best == null ? path : "${" + best + "}" + path.substring(variables.get(best).length());
        }
    }

    private static final class Destination {
        final String target;
        final Set<String> methods = new TreeSet<>();
        final Set<String> paths = new TreeSet<>();
        long requests;
        long sockets;
        boolean plaintext;

        Destination(String target) {
            this.target = target;
        }

        String describe() {
            List<String> parts = new ArrayList<>();
            if (requests > 0) {
                parts.add(requests + " request(s)");
            }
            if (sockets > 0) {
                parts.add(sockets + " socket access(es)");
            }
            return String.join(", ", parts);
        }

        static boolean loopback(String target) {
            return target.startsWith("localhost") || target.startsWith("127.") || target.startsWith("[::1]");
        }
    }

    private static final class Database {
        final Set<String> operations = new TreeSet<>();
        final Set<String> tables = new TreeSet<>();
    }
}
