package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.HttpRequestHop;
import dev.warden.agent.access.HttpRequestHop.Hop;
import dev.warden.agent.apply.Denials;
import dev.warden.agent.apply.body.RequestRefused;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.Outcome;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.WardenLog;
import dev.warden.policy.decide.HostHeaders;
import io.opentelemetry.api.trace.Span;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;

/**
 * Every URL-level HTTP request and redirect hop, whichever client sends it (the JDK HttpClient,
 * HttpURLConnection, OkHttp, Apache HttpClient, Reactor Netty), goes through the mediator here.
 */
public final class HttpRequests {

    private final EgressDecider decider;
    private final EgressSpans spans;
    private final AccessMediator mediator;

    public HttpRequests(EgressDecider decider, EgressSpans spans, AccessMediator mediator) {
        this.decider = decider;
        this.spans = spans;
        this.mediator = mediator;
    }

    Decision decide(String method, URI uri) {
        return decider.http(uri, method);
    }

    /**
     * A request and the authority it really sends: a {@code Host} header the app set (null: none)
     * that names another host or port is decided as well, and a denial of it denies the request.
     */
    Decision decide(String method, URI uri, String hostHeader) {
        Decision decision = decider.http(uri, method);
        if (hostHeader == null || decision.outcome() != Outcome.ALLOW) {
            return decision;
        }
        Decision byHost = decideAuthority(method, uri, hostHeader);
        return byHost == null ? decision : byHost;
    }

    /**
     * The authority a {@code Host} header names, for a request already allowed by its URL: null
     * when the header names the URL's own host and port or the rules allow the one it names (no
     * budget spent), else the refusal, which says it is the Host header's.
     */
    Decision decideAuthority(String method, URI uri, String hostHeader) {
        URI named = HostHeaders.authorityOf(uri, hostHeader);
        if (named == null) {
            return null;
        }
        Decision byHost = named == HostHeaders.UNREADABLE
                ? decider.unreadableAuthority(hostHeader)
                : decider.httpAuthority(named, method);
        return byHost.outcome() == Outcome.ALLOW ? null
                : new Decision(byHost.outcome(), byHost.rule(), "its Host header names " + hostHeader + ": " + byHost.reason(),
                        byHost.policy(), byHost.scope());
    }

    /** The policy in force. */
    dev.warden.agent.decide.ActivePolicy policy() {
        return decider.active();
    }

    EgressSpans spans() {
        return spans;
    }

    /**
     * Applies the decision of a request whose call has {@code span}; a denial ends it.
     *
     * @return what the call throws, or null when it goes ahead
     */
    IOException apply(String method, URI uri, Span span, Hop hop, Decision decision) {
        return mediator.apply(new HttpRequestHop(method, uri, span, hop), decision, HttpRequestHop.ENDS_SPAN_WHEN_DENIED);
    }

    /**
     * A redirect hop of a call whose span is current (or, for the JDK HttpClient, on another
     * thread by now): an allowed hop is recorded on the current span, a refused one gets its own.
     */
    IOException redirect(String method, URI uri, Hop hop) {
        Decision decision = decide(method, uri);
        if (decision.outcome() == Outcome.ALLOW) {
            return apply(method, uri, Span.current(), hop, decision);
        }
        Span span = spans.startHttp(method, uri, decision);
        IOException denial = apply(method, uri, span, hop, decision);
        if (denial == null) {
            span.end();
        }
        return denial;
    }

    /** A redirect hop refused before it is decided by URL (it would carry a credential elsewhere): a span of its own. */
    IOException refusedRedirect(String method, URI uri, Hop hop, Decision refusal) {
        Span span = spans.startHttp(method, uri, refusal);
        IOException denial = apply(method, uri, span, hop, refusal);
        if (denial == null) {
            span.end();
        }
        return denial;
    }

    /**
     * A request the HTTP body seam refused (data protection's {@code block}), which the seam has
     * recorded: told like every denial. Nothing of it is sent.
     *
     * @param allowing the decision that had allowed the request itself
     */
    static ConnectException refusedBody(String method, URI shown, RequestRefused refused, Decision allowing) {
        Decision refusal = new Decision(Outcome.DENY, refused.rule() != null ? refused.rule() : allowing.rule(),
                refused.getMessage(), allowing.policy());
        ConnectException denial = new ConnectException(Denials.message(method + " " + EgressSpans.urlText(shown), refusal));
        WardenLog.decision(denial.getMessage());
        return denial;
    }
}
