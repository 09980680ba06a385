package dev.warden.agent.decide;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SQL a driver sends through its own Statement while it opens a connection, recognised per family
 * as what the connect's URL or properties asked for, so part of the connect already decided.
 * SQLite: sqlite-jdbc turns each pragma option ({@code ?journal_mode=WAL}, or a property
 * {@code journal_mode}) into {@code pragma NAME=VALUE} on the new connection, and sets its own
 * defaults the same way ({@code busy_timeout=3000}, {@code transaction_mode=DEFERRED}). H2 and PostgreSQL
 * (pgjdbc) open connections without SQL through the JDBC API, so nothing is recognised for them.
 * A value must be one word or number, so an option cannot smuggle a second statement in.
 */
public final class DatabaseSetUp {

    /** A value is one word or number: a URL option carrying more (a quote, a {@code ;}) is decided as SQL. */
    private static final Pattern SQLITE_PRAGMA = Pattern.compile("pragma ([A-Za-z_]+)=([A-Za-z0-9_.+-]+)");

    /** What sqlite-jdbc (3.4x-3.5x) runs on every connection unless the URL or a property sets otherwise. */
    private static final Map<String, String> SQLITE_DEFAULTS = Map.of("busy_timeout", "3000", "transaction_mode", "DEFERRED");

    private DatabaseSetUp() {
    }

    /** Whether connecting to {@code url} with {@code properties} has the driver run {@code sql}. */
    public static boolean isSetUpOf(String url, Map<?, ?> properties, String sql) {
        if (!url.regionMatches(true, 0, "jdbc:sqlite:", 0, "jdbc:sqlite:".length())) {
            return false;
        }
        Matcher pragma = SQLITE_PRAGMA.matcher(sql);
        if (!pragma.matches()) {
            return false;
        }
        String name = pragma.group(1);
        String value = pragma.group(2);
        Object property = properties == null ? null : properties.get(name);
        return value.equals(SQLITE_DEFAULTS.get(name)) || value.equals(urlOption(url, name)) || property != null && value.equals(property.toString());
    }

    /** The value of {@code name} among the URL's {@code ?a=b&c=d} options (sqlite-jdbc's names are lower case). */
    private static String urlOption(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String option : url.substring(query + 1).split("&")) {
            int equals = option.indexOf('=');
            if (equals > 0 && option.substring(0, equals).toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT))) {
                return option.substring(equals + 1);
            }
        }
        return null;
    }
}
