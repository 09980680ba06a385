package dev.warden.agent.decide;

import dev.warden.policy.decide.DatabaseGrant;
import dev.warden.policy.decide.SqlAnalysis;
import java.util.Map;

/**
 * A connection Warden let open: its URL and the grant of the policy in force. After a reload its
 * statements are decided against the new policy's rules for the same URL.
 */
public final class DatabaseConnection {

    private record Granted(ActivePolicy policy, DatabaseGrant grant) {
    }

    /**
     * A statement decided outside any scope: a prepared statement's text comes again and again, most
     * often as the very same String (a constant of the app's).
     */
    private record Decided(ActivePolicy policy, String text, SqlAnalysis sql, Decision decision) {
    }

    private final String url;
    private final Map<?, ?> properties;
    private volatile Granted granted;
    private volatile Decided lastDecided;

    DatabaseConnection(String url, Map<?, ?> properties, ActivePolicy policy, DatabaseGrant grant) {
        this.url = url;
        this.properties = properties;
        this.granted = new Granted(policy, grant);
    }

    /** The grant under {@code policy}, computed again only when the policy changed. */
    DatabaseGrant grant(ActivePolicy policy) {
        Granted known = granted;
        if (known.policy() != policy) {
            known = new Granted(policy, policy.engine().databases().grant(url, properties));
            granted = known;
        }
        return known.grant();
    }

    /** The decision of {@code sql} outside any scope under {@code policy}, when it was the last one made here; else null. */
    Decision lastDecision(ActivePolicy policy, SqlAnalysis sql) {
        Decided last = lastDecided;
        return last != null && last.policy() == policy && last.sql() == sql ? last.decision() : null;
    }

    /** The analysis of the last statement decided here, when {@code text} is that statement's String itself; else null. */
    SqlAnalysis lastAnalysis(String text) {
        Decided last = lastDecided;
        return last != null && last.text() == text ? last.sql() : null;
    }

    void decided(ActivePolicy policy, String text, SqlAnalysis sql, Decision decision) {
        lastDecided = new Decided(policy, text, sql, decision);
    }

    /**
     * Whether a connect to {@code url} with {@code properties} is the same access as the one that
     * opened this connection: the same URL text and the same property names (all its decision read).
     */
    public boolean isOpenedBy(String url, Map<?, ?> properties) {
        return this.url.equals(url) && this.properties.keySet().equals(properties == null ? Map.of().keySet() : properties.keySet());
    }

    String url() {
        return url;
    }

    Map<?, ?> properties() {
        return properties;
    }

    /** The grant under which it was last decided, for what spans say about the target. */
    public DatabaseGrant lastGrant() {
        return granted.grant();
    }
}
