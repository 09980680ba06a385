package dev.warden.agent.access;

import dev.warden.agent.decide.Decision;
import dev.warden.agent.record.DecisionRecorder;

/**
 * One access the app attempts, as the intercepted call made it: what is decided, recorded and
 * named in the denial. One type per kind of access; {@link AccessMediator} handles them all alike.
 *
 * @param <E> the exception the intercepted API declares for this failure, which a denial throws
 */
public interface AccessRequest<E extends Exception> {

    /** The recorder's kind: a declared section's access kind, or {@link DecisionRecorder#SELF_PROTECTION}. */
    String kind();

    /** What was attempted: {@code connect}, {@code read}, {@code exec}, a method. */
    String action();

    /** What it was attempted on, as the audit record names it. */
    String target();

    /** More of what was decided (a statement's tables, a refusal's reason), or null. */
    default String detail() {
        return null;
    }

    /** What counts as "the same target" for the first-access watch, or null to leave this access out. */
    default String watchKey() {
        return target();
    }

    /** What a denial says was denied: {@code connect to api.example.com:443 (203.0.113.7:443)}. */
    String denied();

    /** The exception a denial throws, with Warden's message. */
    E denial(String message);

    /**
     * Keeps the decision beyond the counter (audit log, log records, first-access watch); called
     * only when the recorder keeps details, so the texts are built only then.
     */
    default void record(DecisionRecorder recorder, Decision decision) {
        recorder.record(kind(), action(), target(), detail(), watchKey(), decision, null);
    }

    /** {@code host:port}, an IPv6 address in brackets. */
    static String hostPort(String host, int port) {
        return (host != null && host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }
}
