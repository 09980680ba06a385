package dev.warden.policy;

import java.util.Map;
import java.util.Objects;

/**
 * The sections one mapping gives (the policy's top level, or one segment), each read by its
 * {@link PolicySection}. A section that is not given is absent, so a segment tells "not narrowed"
 * from "narrowed to nothing" ({@code []}). Immutable.
 */
public final class RuleSections {

    private final PolicySections declared;
    private final Map<PolicySection<?, ?>, Object> given;

    RuleSections(PolicySections declared, Map<PolicySection<?, ?>, Object> given) {
        this.declared = declared;
        this.given = Map.copyOf(given);
    }

    /** The sections that could have been given. */
    public PolicySections declared() {
        return declared;
    }

    public boolean has(PolicySection<?, ?> section) {
        return given.containsKey(section);
    }

    /** The section's value, or its {@link PolicySection#absent()} value when not given. */
    @SuppressWarnings("unchecked") // put only by the section's own reader
    public <S> S get(PolicySection<S, ?> section) {
        Object value = given.get(section);
        return value == null ? section.absent() : (S) value;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RuleSections sections && declared.equals(sections.declared)
                && given.equals(sections.given);
    }

    @Override
    public int hashCode() {
        return Objects.hash(declared, given);
    }

    @Override
    public String toString() {
        return given.toString();
    }
}
