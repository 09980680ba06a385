package dev.warden.agent.intercept;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import java.util.concurrent.atomic.AtomicBoolean;

/** One request of an HTTP client library: its span, made current while the call runs on one thread. */
final class LibraryCall {
    final Span span;
    Scope scope;
    /** The HTTP body seam's participants in this call, or null. */
    dev.warden.agent.apply.body.HttpBodySeam.Exchange bodies;
    /** The request as decided: for secretless credentials. */
    String method;
    java.net.URI uri;
    /** The decision that allowed it (for a refusal by the body seam). */
    dev.warden.agent.decide.Decision decision;
    /** The call this thread was running when this one began (an interceptor's own call), restored at its end. */
    LibraryCall outer;
    /** Asynchronous clients may report the end twice (a failure after a response): the first one counts. */
    private final AtomicBoolean ended = new AtomicBoolean();

    LibraryCall(Span span) {
        this.span = span;
    }

    boolean markEnded() {
        return ended.compareAndSet(false, true);
    }
}
