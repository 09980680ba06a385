package dev.warden.agent.apply.credential;

import dev.warden.agent.config.DataKeys;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.record.CredentialRedaction;
import dev.warden.policy.Credential;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The credentials of the policy in force with their real values, read once per policy (a reload reads the new one's
 * sources again, on Warden's reload thread).
 */
public final class Credentials {

    private final Function<String, String> environment;
    private final Optional<DataKeys> keys;
    private volatile InForce current;

    /** {@code environment}: the JVM's environment as it started, which the app no longer sees whole. */
    public Credentials(Function<String, String> environment, Optional<DataKeys> keys) {
        this.environment = environment;
        this.keys = keys;
    }

    /** The credentials of {@code policy}, their sources read now when it is new. */
    public InForce of(ActivePolicy policy) {
        InForce known = current;
        if (known != null && known.policy == policy) {
            return known;
        }
        List<Credential> credentials = policy.engine().policy().credentials();
        InForce read = new InForce(policy, credentials, CredentialValues.read(credentials, environment, keys));
        Map<String, String> placeholderOfValue = new LinkedHashMap<>();
        for (Credential credential : credentials) {
            String value = read.value(credential.name());
            if (value != null) {
                placeholderOfValue.put(value, credential.placeholder());
            }
        }
        if (known != null || !placeholderOfValue.isEmpty()) {
            // at start with no values there is nothing to redact: the redaction is not even loaded
            CredentialRedaction.inForce(placeholderOfValue);
        }
        current = read;
        return read;
    }

    /** One policy's credentials by name, with their values. */
    public static final class InForce {
        private final ActivePolicy policy;
        private final Map<String, Credential> byName = new LinkedHashMap<>();
        private final CredentialValues values;

        InForce(ActivePolicy policy, List<Credential> credentials, CredentialValues values) {
            this.policy = policy;
            this.values = values;
            for (Credential credential : credentials) {
                byName.put(credential.name(), credential);
            }
        }

        public boolean isEmpty() {
            return byName.isEmpty();
        }

        public CredentialValues values() {
            return values;
        }

        public java.util.Collection<Credential> all() {
            return byName.values();
        }

        /** The credential of that name, or null. */
        public Credential named(String name) {
            return byName.get(name);
        }

        /** The credentials whose {@code to} a request to {@code host:port} matches. */
        public List<Credential> reaching(String host, int port) {
            return byName.values().stream().filter(credential -> credential.reaches(host, port)).toList();
        }

        String value(String name) {
            return values.value(name);
        }

        String whyMissing(String name) {
            return values.whyMissing(name);
        }
    }
}
