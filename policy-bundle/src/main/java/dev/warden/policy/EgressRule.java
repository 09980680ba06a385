package dev.warden.policy;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One {@code egress:} entry.
 *
 * @param id {@code egress[N]} with N the 0-based index in its list ({@code segments[S].egress[N]} in a segment)
 * @param line the line the rule starts on
 * @param to the target as written
 * @param target the parsed target
 * @param tls whether plaintext is refused
 * @param http method and path constraints for URL-level clients
 * @param proxy the destination is a proxy: only Warden-mediated clients may connect to it, each
 *     request's (or SOCKS connection's) real destination decided on its own
 * @param protect detector name to action, in file order
 * @param restore whether tokens in responses are decrypted for the app
 * @param limits rate limits
 */
public record EgressRule(String id, int line, String to, EgressTarget target, TlsMode tls, HttpRules http,
        boolean proxy, Map<String, ProtectAction> protect, boolean restore, Limits limits) {

    public EgressRule {
        protect = Collections.unmodifiableMap(new LinkedHashMap<>(protect));
    }
}
