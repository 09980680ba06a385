package dev.warden.agent.record.audit;

/**
 * One decision to keep: what kind of access, the decision, the rule that decided it and the
 * target (a URL, a path, a JDBC URL and statement, an argv). {@code scope} names the tool or code
 * segment the access ran in, or is null.
 */
public record AuditEvent(long epochMillis, String kind, String decision, String rule, String target, String scope) {
}
