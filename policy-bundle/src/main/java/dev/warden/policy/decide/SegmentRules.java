package dev.warden.policy.decide;

import static dev.warden.policy.PolicySections.DATABASES;
import static dev.warden.policy.PolicySections.EGRESS;
import static dev.warden.policy.PolicySections.FILES;

import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.warden.policy.FileAccess;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicySection;
import dev.warden.policy.Segment;

/**
 * One {@code segments:} entry, compiled: each section the segment has is compiled into matchers of
 * its own (a policy engine holding only the segment's rules), once, with the policy. A section the
 * segment does not have does not narrow; a present one (even empty) must allow too.
 *
 * <p>Each {@code decide...} method returns null when the segment allows (or does not narrow that
 * kind of access), else the denial naming the segment's rule: the rule that matched only in part
 * ({@code segments[0].egress[1]}) or the section's default deny ({@code segments[0].egress default-deny}).
 */
public final class SegmentRules {

    private final Segment segment;
    private final String label;
    private final PolicyEngine rules;

    private SegmentRules(Segment segment, PolicyEngine rules) {
        this.segment = segment;
        this.label = segment.kind().label() + " " + segment.selector();
        this.rules = rules;
    }

    static SegmentRules compile(Segment segment, Policy policy, PathVariables pathVariables) {
        Policy own = new Policy(segment.id(), policy.mode(), segment.rules(), List.of(), policy.source(), List.of(),
                Set.of(), null, false, List.of());
        return new SegmentRules(segment, PolicyEngine.compile(own, pathVariables));
    }

    public Segment segment() {
        return segment;
    }

    /** {@code tool fetch_url} or {@code code com.acme.plugins.**}. */
    public String label() {
        return label;
    }

    Verdict decideHttp(String scheme, String host, int port, String method, String path) {
        return !segment.narrows(EGRESS) ? null : narrowed(EGRESS, rules.decideHttp(scheme, host, port, method, path));
    }

    /** Null when the segment allows the socket; an allowing verdict when it allows it at URL level only; else the denial. */
    Verdict decideHostPort(String host, int port) {
        return !segment.narrows(EGRESS) ? null : narrowedSocket(rules.decideHostPort(host, port));
    }

    /** As {@link #decideHostPort}, by address. */
    Verdict decideAddress(byte[] ip, int port) {
        return !segment.narrows(EGRESS) ? null : narrowedSocket(rules.decideAddress(ip, port));
    }

    private Verdict narrowedSocket(Verdict verdict) {
        return verdict.allowed() && verdict.urlLevelOnly() ? verdict : narrowed(EGRESS, verdict);
    }

    Verdict decideLookup(String host) {
        return !segment.narrows(EGRESS) ? null : narrowed(EGRESS, rules.decideLookup(host));
    }

    Verdict decideFile(String canonicalPath, FileAccess access) {
        return !segment.narrows(FILES) ? null : narrowed(FILES, rules.decideFile(canonicalPath, access));
    }

    <M, A> Verdict decide(PolicySection<?, M> section, SectionQuestion<M, A> question, A access) {
        return !segment.narrows(section) ? null : narrowed(section, question.ask(rules.matcher(section), access));
    }

    /** A connection to {@code url}, or with {@code sql} non-null, that SQL on it. */
    Verdict decideDatabase(String url, Map<?, ?> properties, SqlAnalysis sql) {
        if (!segment.narrows(DATABASES)) {
            return null;
        }
        DatabaseGrant grant = rules.databases().grant(url, properties);
        return narrowed(DATABASES, sql == null ? grant.connectVerdict() : rules.databases().decide(grant, sql));
    }

    private Verdict narrowed(PolicySection<?, ?> section, Verdict verdict) {
        if (verdict.allowed()) {
            return null;
        }
        String rule = verdict.rule() != null ? verdict.rule() : segment.id() + "." + section.key() + " " + "default-deny";
        String reason = segment.id() + " (" + label + ") narrows " + section.key() + ": " + verdict.reason();
        return Verdict.denied(rule, verdict.ruleTarget(), reason);
    }
}
