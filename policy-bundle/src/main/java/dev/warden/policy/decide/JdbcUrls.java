package dev.warden.policy.decide;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Normalises JDBC URLs per driver family, so that a rule's glob sees one spelling of each database:
 * <ul>
 * <li>H2: {@code jdbc:h2:mem:NAME}; {@code jdbc:h2:file:/ABSOLUTE/PATH} (also for {@code jdbc:h2:~/x},
 * {@code jdbc:h2:./x}); {@code jdbc:h2:tcp://HOST:PORT/PATH} (port 9092 by default, one URL per
 * cluster host; {@code ssl://} alike). Settings after {@code ;} are dropped; {@code INIT}'s SQL is
 * kept to be decided ({@link JdbcTarget#initSql()}); an {@code INIT} connection property (its value
 * is never seen) makes the URL refused.</li>
 * <li>SQLite: {@code jdbc:sqlite::memory:} (also for an empty name), or {@code jdbc:sqlite:/ABSOLUTE/PATH}
 * ({@code file:} prefix and {@code ?} parameters dropped); {@code enable_load_extension} /
 * {@code enableLoadExtension} is kept as the effect {@code load_extension}.</li>
 * <li>PostgreSQL: {@code jdbc:postgresql://HOST:PORT/DATABASE}, one URL per host of a multi-host URL
 * (host defaults to {@code localhost}, port to 5432). A URL or connection property that could send
 * the connection elsewhere ({@code socketFactory}, {@code socketFactoryArg}, {@code PGHOST},
 * {@code PGPORT}, {@code PGDBNAME}, {@code service}) makes it refused.</li>
 * <li>Any other driver: the URL as given, subprotocol in lower case; Warden does not know its
 * servers, so its sockets need egress rules of their own.</li>
 * </ul>
 * Host names are lower-cased; paths are made absolute and normalised but symbolic links are not followed.
 */
public final class JdbcUrls {

    private static final List<String> REDIRECTING_POSTGRES_KEYS =
            List.of("socketfactory", "socketfactoryarg", "pghost", "pgport", "pgdbname", "service");

    private JdbcUrls() {
    }

    /**
     * @param properties the connection properties passed with the URL (only their names matter); may be null
     * @throws IllegalArgumentException if the text is not a JDBC URL
     */
    public static JdbcTarget normalise(String url, Map<?, ?> properties) {
        if (url == null || !url.regionMatches(true, 0, "jdbc:", 0, 5)) {
            throw new IllegalArgumentException("not a JDBC URL: " + url);
        }
        int colon = url.indexOf(':', 5);
        if (colon < 0) {
            throw new IllegalArgumentException("not a JDBC URL: " + url);
        }
        String subprotocol = url.substring(5, colon).toLowerCase(Locale.ROOT);
        String rest = url.substring(colon + 1);
        return switch (subprotocol) {
            case "h2" -> h2(rest, properties);
            case "sqlite" -> sqlite(rest, properties);
            case "postgresql" -> postgresql(rest, properties);
            default -> new JdbcTarget(subprotocol, List.of("jdbc:" + subprotocol + ":" + rest), null, List.of(), null);
        };
    }

    private static JdbcTarget h2(String rest, Map<?, ?> properties) {
        int semicolon = rest.indexOf(';');
        String settings = semicolon < 0 ? "" : rest.substring(semicolon + 1);
        String name = semicolon < 0 ? rest : rest.substring(0, semicolon);
        String refusal = null;
        String initSql = null;
        // INIT's statements are separated by an escaped semicolon, which does not end the setting
        for (String setting : settings.split("(?<!\\\\);")) {
            String trimmed = setting.trim();
            if (trimmed.toUpperCase(Locale.ROOT).startsWith("INIT=")) {
                initSql = trimmed.substring(5).replace("\\;", ";");
            }
        }
        if (properties != null && properties.keySet().stream().anyMatch(k -> "INIT".equalsIgnoreCase(String.valueOf(k)))) {
            // only the names of connection properties reach the decision, so this SQL stays unseen
            refusal = "its INIT connection property runs SQL inside the driver that Warden cannot decide";
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("mem:")) {
            String database = name.substring(4);
            return new JdbcTarget("h2", List.of("jdbc:h2:mem:" + database), database, List.of(), refusal, initSql, List.of());
        }
        if (lower.startsWith("tcp://") || lower.startsWith("ssl://")) {
            String scheme = lower.substring(0, 3);
            String hostsAndPath = name.substring(6);
            int slash = hostsAndPath.indexOf('/');
            String hosts = slash < 0 ? hostsAndPath : hostsAndPath.substring(0, slash);
            String path = slash < 0 ? "" : hostsAndPath.substring(slash + 1);
            List<JdbcTarget.Endpoint> endpoints = endpoints(hosts, 9092);
            List<String> urls = new ArrayList<>();
            for (JdbcTarget.Endpoint endpoint : endpoints) {
                urls.add("jdbc:h2:" + scheme + "://" + endpoint + "/" + path);
            }
            return new JdbcTarget("h2", urls, path, endpoints, refusal, initSql, List.of());
        }
        String path = lower.startsWith("file:") ? name.substring(5) : name;
        String normalised = path.contains(":") ? path : absolute(path);
        return new JdbcTarget("h2", List.of("jdbc:h2:file:" + normalised), normalised, List.of(), refusal, initSql, List.of());
    }

    private static JdbcTarget sqlite(String rest, Map<?, ?> properties) {
        int question = rest.indexOf('?');
        String name = question < 0 ? rest : rest.substring(0, question);
        boolean loadsExtensions = false;
        if (question >= 0) {
            for (String parameter : rest.substring(question + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String key = equals < 0 ? parameter : parameter.substring(0, equals);
                String value = equals < 0 ? "" : parameter.substring(equals + 1);
                loadsExtensions |= enablesExtensions(key) && !"false".equalsIgnoreCase(value);
            }
        }
        if (properties != null) {
            // only property names reach the decision: naming the option at all counts as enabling it
            for (Object key : properties.keySet()) {
                loadsExtensions |= enablesExtensions(String.valueOf(key));
            }
        }
        List<String> effects = loadsExtensions ? List.of("load_extension") : List.of();
        if (name.regionMatches(true, 0, "file:", 0, 5)) {
            name = name.substring(5);
        }
        if (name.isEmpty() || name.equals(":memory:")) {
            return new JdbcTarget("sqlite", List.of("jdbc:sqlite::memory:"), ":memory:", List.of(), null, null, effects);
        }
        String normalised = name.startsWith(":") ? name : absolute(name);
        return new JdbcTarget("sqlite", List.of("jdbc:sqlite:" + normalised), normalised, List.of(), null, null, effects);
    }

    /** sqlite-jdbc's option names for native extension loading, as URL parameter or connection property. */
    private static boolean enablesExtensions(String key) {
        return key.equalsIgnoreCase("enable_load_extension") || key.equalsIgnoreCase("enableLoadExtension");
    }

    private static JdbcTarget postgresql(String rest, Map<?, ?> properties) {
        int question = rest.indexOf('?');
        String location = question < 0 ? rest : rest.substring(0, question);
        String refusal = null;
        if (question >= 0) {
            for (String parameter : rest.substring(question + 1).split("&")) {
                int equals = parameter.indexOf('=');
                String key = URLDecoder.decode(equals < 0 ? parameter : parameter.substring(0, equals), StandardCharsets.UTF_8);
                refusal = refusal != null ? refusal : redirecting(key, "URL parameter");
            }
        }
        if (properties != null) {
            for (Object key : properties.keySet()) {
                refusal = refusal != null ? refusal : redirecting(String.valueOf(key), "connection property");
            }
        }
        List<JdbcTarget.Endpoint> endpoints;
        String database;
        if (location.startsWith("//")) {
            int slash = location.indexOf('/', 2);
            endpoints = endpoints(slash < 0 ? location.substring(2) : location.substring(2, slash), 5432);
            database = slash < 0 ? "" : URLDecoder.decode(location.substring(slash + 1), StandardCharsets.UTF_8);
        } else {
            endpoints = List.of(new JdbcTarget.Endpoint("localhost", 5432));
            database = URLDecoder.decode(location, StandardCharsets.UTF_8);
        }
        List<String> urls = new ArrayList<>();
        for (JdbcTarget.Endpoint endpoint : endpoints) {
            urls.add("jdbc:postgresql://" + endpoint + "/" + database);
        }
        return new JdbcTarget("postgresql", urls, database, endpoints, refusal);
    }

    private static String redirecting(String key, String where) {
        return REDIRECTING_POSTGRES_KEYS.contains(key.toLowerCase(Locale.ROOT))
                ? "its " + where + " " + key + " could send the connection elsewhere"
                : null;
    }

    /** {@code h1:p1,[::1]:p2,h3} with a default port. */
    private static List<JdbcTarget.Endpoint> endpoints(String hosts, int defaultPort) {
        List<JdbcTarget.Endpoint> endpoints = new ArrayList<>();
        for (String hostPort : hosts.split(",")) {
            String host;
            int port = defaultPort;
            if (hostPort.startsWith("[")) {
                int close = hostPort.indexOf(']');
                host = hostPort.substring(1, close);
                if (close + 1 < hostPort.length() && hostPort.charAt(close + 1) == ':') {
                    port = Integer.parseInt(hostPort.substring(close + 2));
                }
            } else {
                int colon = hostPort.lastIndexOf(':');
                host = colon < 0 ? hostPort : hostPort.substring(0, colon);
                if (colon >= 0) {
                    port = Integer.parseInt(hostPort.substring(colon + 1));
                }
            }
            if (host.isEmpty()) {
                host = "localhost";
            }
            endpoints.add(new JdbcTarget.Endpoint(host.toLowerCase(Locale.ROOT), port));
        }
        return endpoints;
    }

    private static String absolute(String path) {
        String expanded = path.startsWith("~") ? System.getProperty("user.home") + path.substring(1) : path;
        try {
            return Path.of(expanded).toAbsolutePath().normalize().toString();
        } catch (InvalidPathException unusable) {
            return expanded;
        }
    }
}
