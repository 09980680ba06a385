package dev.warden.agent.access;

import dev.warden.agent.decide.Decision;

/**
 * How one kind of access shows in the trace: a span of its own, or the end of a span the call
 * already has.
 */
@FunctionalInterface
public interface AccessSpans<R> {

    /** {@code denial} is what the call throws, or null when it goes ahead (allowed, or audit-deny). */
    void record(R request, Decision decision, Exception denial);
}
