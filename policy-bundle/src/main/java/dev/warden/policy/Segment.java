package dev.warden.policy;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code segments:} entry: narrower rules for an AI tool call or a code origin. A section that is
 * absent is not narrowed; a section that is present (even empty) replaces what the segment may do
 * within the policy's own rules.
 *
 * @param id {@code segments[N]}; its rules have ids like {@code segments[N].egress[M]}
 * @param line the line the segment starts on
 * @param kind whether {@code selector} names a tool or a code origin
 * @param selector the tool name, or the package glob ({@link Glob} with separator {@code .})
 * @param egress the narrower egress rules, if given
 * @param files the narrower file rules, if given
 * @param databases the narrower database rules, if given
 * @param processes the narrower process rules, if given
 */
public record Segment(String id, int line, Kind kind, String selector, Optional<List<EgressRule>> egress,
        Optional<List<FileRule>> files, Optional<List<DatabaseRule>> databases,
        Optional<List<ProcessRule>> processes) {

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

    public Segment {
        egress = egress.map(List::copyOf);
        files = files.map(List::copyOf);
        databases = databases.map(List::copyOf);
        processes = processes.map(List::copyOf);
    }
}
