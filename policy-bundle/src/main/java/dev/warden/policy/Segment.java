package dev.warden.policy;

import java.util.Locale;

/**
 * One {@code segments:} entry: narrower rules for an AI tool call or a code origin. A section that is
 * absent is not narrowed; a section that is present (even empty) replaces what the segment may do
 * within the policy's own rules.
 *
 * @param id {@code segments[N]}; its rules have ids like {@code segments[N].egress[M]}
 * @param line the line the segment starts on
 * @param kind whether {@code selector} names a tool or a code origin
 * @param selector the tool name, or the package glob ({@link Glob} with separator {@code .})
 * @param rules the sections the segment gives: the ones it narrows
 */
public record Segment(String id, int line, Kind kind, String selector, RuleSections rules) {

    /** What a segment applies to. */
    public enum Kind {
        /** {@code tool:} an AI tool call by tool name. */
        TOOL,
        /** {@code code:} classes by package. */
        CODE;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Whether the segment gives {@code section}, and so narrows the accesses it decides. */
    public boolean narrows(PolicySection<?, ?> section) {
        return rules.has(section);
    }
}
