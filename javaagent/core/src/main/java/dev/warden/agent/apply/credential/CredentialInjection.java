package dev.warden.agent.apply.credential;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.apply.body.ResponseBodyStream;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.WardenLog;
import dev.warden.policy.Credential;
import dev.warden.policy.decide.UrlPorts;
import io.opentelemetry.api.trace.Span;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Secretless credentials, once for every client: in an allowed request whose destination a credential's {@code to}
 * matches, its placeholder ({@code wdn_cred_NAME}) in the query, a header value or the body is replaced by the real
 * value; a request to any other destination that carries the placeholder is refused ({@code credentials[NAME]}).
 * The URI with a value in it is the request's {@link OutgoingRequest#uriWithSecret}: spans keep showing the placeholder.
 * Clients on the HTTP body seam reach it as {@link CredentialParticipant}; the others through their adapter.
 */
public final class CredentialInjection {

    /** The span attribute naming the credentials a request got. */
    public static final String CREDENTIAL_ATTRIBUTE = "warden.credential";

    private final Credentials credentials;
    private final DecisionRecorder recorder;

    public CredentialInjection(Credentials credentials, DecisionRecorder recorder) {
        this.credentials = credentials;
        this.recorder = recorder;
    }

    /** The injection for one allowed request, or null when the policy in force has no credentials. */
    public Injection open(String method, URI uri, Decision decision) {
        Credentials.InForce inForce = credentials.of(decision.policy());
        if (inForce.isEmpty() || uri.getHost() == null) {
            return null;
        }
        return new Injection(inForce, method, uri, decision);
    }

    /**
     * A redirect hop the client follows on its own re-sends the headers it sent, real values included (the JDK
     * HttpClient, HttpURLConnection): the refusal of a hop whose headers carry a credential's value to a destination
     * its {@code to} does not match, or null.
     */
    public Decision leakOnRedirect(ActivePolicy policy, URI hop, Collection<List<String>> headerValues) {
        Credentials.InForce inForce = credentials.of(policy);
        if (inForce.isEmpty() || hop.getHost() == null) {
            return null;
        }
        for (Credential credential : inForce.all()) {
            String value = inForce.value(credential.name());
            if (value == null || credential.reaches(hostOf(hop), UrlPorts.of(hop))) {
                continue;
            }
            String hopText = hop.toString();
            if (hopText.contains(value) || hopText.contains(URLEncoder.encode(value, StandardCharsets.UTF_8))) {
                return Decision.denied(credential.id(), "the redirect would send the value of credential "
                        + credential.name() + " in its URL, which goes only to " + credential.to(), policy, null);
            }
            for (List<String> values : headerValues) {
                for (String header : values) {
                    if (header.contains(value)) {
                        return Decision.denied(credential.id(), "the redirect would re-send the value of credential "
                                + credential.name() + ", which goes only to " + credential.to(), policy, null);
                    }
                }
            }
        }
        return null;
    }

    /** The host as {@code to} patterns read it: lower case, an IPv6 literal without brackets. */
    static String hostOf(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** One allowed request's credentials: which it may get, and which it got. */
    public final class Injection {
        private final Credentials.InForce inForce;
        private final String method;
        private final URI shown;
        private final Decision decision;
        private final List<Credential> reaching;
        private final List<String> given = new ArrayList<>();

        Injection(Credentials.InForce inForce, String method, URI uri, Decision decision) {
            this.inForce = inForce;
            this.method = method;
            this.shown = uri.getRawQuery() == null ? uri : URI.create(uri.toString().substring(0, uri.toString().indexOf('?')));
            this.decision = decision;
            this.reaching = inForce.reaching(hostOf(uri), UrlPorts.of(uri));
        }

        /** Bodies are read only for destinations some credential goes to: elsewhere the query and headers are checked. */
        public boolean needsRequestBody() {
            return !reaching.isEmpty();
        }

        /** Puts the real values in, or refuses the request (a placeholder for another destination, or without a value). */
        public void request(OutgoingRequest request) throws RequestRefused {
            Set<String> carried = new LinkedHashSet<>();
            String query = request.uri().getRawQuery();
            if (query != null) {
                Placeholders.named(query, carried);
            }
            for (List<String> values : request.headers().values()) {
                values.forEach(value -> Placeholders.named(value, carried));
            }
            String body = request.body() == null ? null : new String(request.body(), StandardCharsets.ISO_8859_1);
            if (body != null) {
                Placeholders.named(body, carried);
            }
            Set<String> substituted = new LinkedHashSet<>();
            for (String name : carried) {
                Credential credential = inForce.named(name);
                if (credential == null) {
                    continue; // not a credential of this policy: the text goes as the app wrote it
                }
                if (!reaching.contains(credential)) {
                    refuse(credential, "it carries credential " + name + ", which goes only to " + credential.to());
                } else if (inForce.value(name) == null) {
                    refuse(credential, "it carries credential " + name + ", which has no value ("
                            + inForce.whyMissing(name) + ")");
                } else {
                    substituted.add(name);
                }
            }
            if (substituted.isEmpty()) {
                return;
            }
            Function<String, String> raw = name -> substituted.contains(name) ? inForce.value(name) : null;
            if (query != null) {
                String replaced = Placeholders.replaced(query,
                        name -> substituted.contains(name) ? URLEncoder.encode(inForce.value(name), StandardCharsets.UTF_8) : null);
                if (!replaced.equals(query)) {
                    request.uriWithSecret(withQuery(request.uri(), replaced));
                }
            }
            for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
                List<String> values = header.getValue().stream().map(value -> Placeholders.replaced(value, raw)).toList();
                if (!values.equals(header.getValue())) {
                    request.header(header.getKey(), values);
                }
            }
            if (body != null) {
                String replaced = Placeholders.replaced(body, name -> substituted.contains(name)
                        ? new String(inForce.value(name).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1) : null);
                if (!replaced.equals(body)) {
                    request.body(replaced.getBytes(StandardCharsets.ISO_8859_1));
                }
            }
            given.addAll(substituted);
        }

        /** Enforce mode refuses the request; audit mode records what it would have refused and sends the placeholder. */
        private void refuse(Credential credential, String reason) throws RequestRefused {
            boolean enforcing = decision.policy().enforcing();
            Decision refusal = new Decision(enforcing ? Outcome.DENY : Outcome.AUDIT_DENY, credential.id(), reason,
                    decision.policy(), decision.scope());
            recorder.record(DecisionRecorder.EGRESS, "credential " + method, EgressSpans.urlText(shown),
                    "carries credential " + credential.name(), null, refusal, null);
            if (enforcing) {
                throw new RequestRefused(reason, credential.id());
            }
            WardenLog.decision(Denials.auditLine(Denials.message(method + " " + EgressSpans.urlText(shown), refusal)));
        }

        /** The response the app reads, with the real values the server echoes replaced by their placeholders; or null. */
        public ResponseBodyStream echoMasking() {
            if (given.isEmpty()) {
                return null;
            }
            Map<String, String> placeholderOfValue = new java.util.HashMap<>();
            for (String name : given) {
                String value = new String(inForce.value(name).getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
                placeholderOfValue.put(value, inForce.named(name).placeholder());
            }
            return new EchoMasking(placeholderOfValue);
        }

        /** Names the credentials the request got on its span. */
        public void record(Span span) {
            if (!given.isEmpty()) {
                span.setAttribute(CREDENTIAL_ATTRIBUTE, String.join(",", given));
            }
        }
    }

    private static URI withQuery(URI uri, String rawQuery) {
        String text = uri.toString();
        int question = text.indexOf('?');
        int hash = text.indexOf('#', question);
        String fragment = hash < 0 ? "" : text.substring(hash);
        try {
            return new URI(text.substring(0, question + 1) + rawQuery + fragment);
        } catch (URISyntaxException unreadable) {
            throw new IllegalStateException("the query with a credential is not a URI", unreadable);
        }
    }
}
