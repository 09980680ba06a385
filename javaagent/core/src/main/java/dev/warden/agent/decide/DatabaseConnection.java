package dev.warden.agent.decide;

import dev.warden.policy.decide.DatabaseGrant;
import java.util.Map;

/**
 * A connection Warden let open: its URL and the grant of the policy in force. After a reload its
 * statements are decided against the new policy's rules for the same URL.
 */
public final class DatabaseConnection {

    private record Granted(ActivePolicy policy, DatabaseGrant grant) {
    }

    private final String url;
    private final Map<?, ?> properties;
    private volatile Granted granted;

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
