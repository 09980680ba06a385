package dev.warden.agent.record.audit;

/**
 * One decision to keep.
 *
 * @param kind     {@code egress}, {@code file}, {@code database} or {@code process}
 * @param action   what was attempted: an HTTP method, {@code connect}, {@code resolve}, {@code send};
 *                 a file mode; an SQL operation; {@code exec}
 * @param target   a URL or {@code host:port}; a path; a JDBC URL; an argv
 * @param detail   what else the decision looked at (the tables of a statement), or null
 * @param decision {@code allow}, {@code deny} or {@code audit-deny}
 * @param rule     the rule that decided
 * @param scope    the tool or code segment the access ran in ({@code tool:NAME}), or null
 */
public record AuditEvent(long epochMillis, String kind, String action, String target, String detail,
        String decision, String rule, String scope) {
}
