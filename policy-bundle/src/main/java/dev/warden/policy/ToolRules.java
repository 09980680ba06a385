package dev.warden.policy;

import java.util.List;

/**
 * The {@code tools:} section. Unlike the other sections its absence is not a default deny: absent
 * ({@link #ANY}), any tool may run; given, even as {@code []}, only the tools its rules list.
 *
 * @param listed whether the policy gives the section
 * @param rules its rules in file order; empty when not listed
 */
public record ToolRules(boolean listed, List<ToolRule> rules) {

    /** No {@code tools:} section: any tool may run. */
    public static final ToolRules ANY = new ToolRules(false, List.of());

    public ToolRules {
        rules = List.copyOf(rules);
        if (!listed && !rules.isEmpty()) {
            throw new IllegalArgumentException("rules of a tools: section the policy does not give");
        }
    }

    /** The section as given: only these tools may run. */
    public static ToolRules only(List<ToolRule> rules) {
        return new ToolRules(true, rules);
    }
}
