package dev.warden.policy.decide;

import java.util.List;

/**
 * A JDBC URL read the way its driver reads it.
 *
 * @param system the {@code db.system.name}: {@code h2}, {@code sqlite}, {@code postgresql}, or the
 *     URL's subprotocol for other drivers
 * @param urls one normalised URL per server the driver may connect to (several for a multi-host URL);
 *     the rules' globs are matched against each
 * @param namespace the database ({@code db.namespace}); null when the URL names none
 * @param endpoints the {@code host:port} servers the driver connects to; empty for embedded databases
 *     and drivers Warden does not read
 * @param refusal why this URL is refused whatever the rules say (a parameter that redirects the
 *     connection or runs SQL Warden cannot see); null when none
 * @param initSql the SQL the driver runs when it opens the connection (H2's {@code INIT=} setting,
 *     {@code \;} unescaped), decided like the app's own; null when none
 * @param effects server-side effects the URL turns on, named like {@link ServerEffects}' functions
 *     ({@code load_extension} for SQLite's {@code enable_load_extension}); a rule must list each
 */
public record JdbcTarget(String system, List<String> urls, String namespace, List<Endpoint> endpoints, String refusal,
        String initSql, List<String> effects) {

    public JdbcTarget {
        urls = List.copyOf(urls);
        endpoints = List.copyOf(endpoints);
        effects = List.copyOf(effects);
    }

    JdbcTarget(String system, List<String> urls, String namespace, List<Endpoint> endpoints, String refusal) {
        this(system, urls, namespace, endpoints, refusal, null, List.of());
    }

    /** One server of a JDBC URL. */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** The first normalised URL, as messages name the target. */
    public String url() {
        return urls.get(0);
    }

    /** The first server's host, for {@code server.address}; null for an embedded database. */
    public String serverAddress() {
        return endpoints.isEmpty() ? null : endpoints.get(0).host();
    }
}
