package dev.warden.policy.decide;

import java.util.List;

/**
 * What one connection may do: its target and the database rules whose URL glob matches it, fixed
 * when the connection opens, so that each statement is decided against these rules only.
 */
public final class DatabaseGrant {

    private final JdbcTarget target;
    private final List<DatabaseRules.CompiledRule> rules;
    private final Verdict connectVerdict;

    DatabaseGrant(JdbcTarget target, List<DatabaseRules.CompiledRule> rules, Verdict connectVerdict) {
        this.target = target;
        this.rules = List.copyOf(rules);
        this.connectVerdict = connectVerdict;
    }

    public JdbcTarget target() {
        return target;
    }

    /** May the connection be opened at all. */
    public Verdict connectVerdict() {
        return connectVerdict;
    }

    List<DatabaseRules.CompiledRule> rules() {
        return rules;
    }
}
