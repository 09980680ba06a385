package dev.warden.agent.record;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * {@code url.full} as the semantic conventions want it: credentials in the URL replaced by
 * {@code REDACTED:REDACTED}, and the values of well-known signature query parameters redacted.
 */
final class UrlRedaction {

    private static final Set<String> SENSITIVE_QUERY_KEYS =
            Set.of("awsaccesskeyid", "signature", "sig", "x-goog-signature");

    private UrlRedaction() {
    }

    static String redact(URI uri) {
        String text = CredentialRedaction.redact(uri.toString());
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            text = text.replaceFirst(java.util.regex.Pattern.quote(userInfo + "@"), "REDACTED:REDACTED@");
        }
        String query = CredentialRedaction.redact(String.valueOf(uri.getRawQuery()));
        if (uri.getRawQuery() == null) {
            return text;
        }
        StringBuilder redactedQuery = new StringBuilder(query.length());
        boolean changed = false;
        for (String pair : query.split("&", -1)) {
            if (redactedQuery.length() > 0) {
                redactedQuery.append('&');
            }
            int eq = pair.indexOf('=');
            if (eq > 0 && SENSITIVE_QUERY_KEYS.contains(pair.substring(0, eq).toLowerCase(Locale.ROOT))) {
                redactedQuery.append(pair, 0, eq + 1).append("REDACTED");
                changed = true;
            } else {
                redactedQuery.append(pair);
            }
        }
        return changed ? text.replace("?" + query, "?" + redactedQuery) : text;
    }
}
