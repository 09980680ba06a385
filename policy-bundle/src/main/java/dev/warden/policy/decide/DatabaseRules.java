package dev.warden.policy.decide;

import dev.warden.policy.DatabaseOperation;
import dev.warden.policy.DatabaseRule;
import dev.warden.policy.Glob;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The {@code databases} rules, compiled. A connection is allowed when the glob of some rule matches
 * every normalised URL of its target ({@link JdbcUrls}); its statements are then decided against
 * those rules only. A statement is allowed when, for each table it touches, one of them allows the
 * operation there ({@code any} allows every operation; no {@code tables} = every table); a
 * statement that names no table needs a rule allowing its operation; session statements
 * ({@code SET}, {@code COMMIT}, ...) need nothing more than the connection. Table globs use {@code .}
 * between parts and are compared in lower case: {@code customers} matches an unqualified name only,
 * {@code crm.*} every table of schema {@code crm}.
 */
public final class DatabaseRules {

    static final class CompiledRule {
        final DatabaseRule rule;
        final Glob url;
        final List<Glob> tables;
        final List<Glob> functions;
        final Verdict allowVerdict;

        CompiledRule(DatabaseRule rule) {
            this.rule = rule;
            this.url = Glob.compile(rule.url(), '/');
            List<Glob> compiled = new ArrayList<>();
            for (String table : rule.tables()) {
                compiled.add(Glob.compile(table.toLowerCase(Locale.ROOT), '.'));
            }
            this.tables = List.copyOf(compiled);
            List<Glob> functionGlobs = new ArrayList<>();
            for (String function : rule.functions()) {
                functionGlobs.add(Glob.compile(function, '.'));
            }
            this.functions = List.copyOf(functionGlobs);
            this.allowVerdict = Verdict.allowedBy(rule.id(), rule.url());
        }

        boolean allows(DatabaseOperation operation) {
            return rule.allow().contains(DatabaseOperation.ANY) || rule.allow().contains(operation);
        }

        boolean allowsTable(String table) {
            if (tables.isEmpty()) {
                return true;
            }
            for (Glob glob : tables) {
                if (glob.matches(table)) {
                    return true;
                }
            }
            return false;
        }

        boolean allowsFunction(String function) {
            for (Glob glob : functions) {
                if (glob.matches(function)) {
                    return true;
                }
            }
            return false;
        }

        /** {@code any} on every table: text the parser cannot read is allowed (and recorded as unparsed). */
        boolean allowsUnparsed() {
            return rule.allow().contains(DatabaseOperation.ANY) && tables.isEmpty();
        }

        String describe() {
            String operations = rule.allow().toString().toLowerCase(Locale.ROOT);
            return rule.id() + " allows " + operations + (rule.tables().isEmpty() ? "" : " on " + rule.tables())
                    + (rule.functions().isEmpty() ? "" : " with functions " + rule.functions());
        }
    }

    private final List<CompiledRule> rules;

    private DatabaseRules(List<CompiledRule> rules) {
        this.rules = rules;
    }

    public static DatabaseRules compile(List<DatabaseRule> databases) {
        List<CompiledRule> compiled = new ArrayList<>();
        for (DatabaseRule rule : databases) {
            compiled.add(new CompiledRule(rule));
        }
        return new DatabaseRules(List.copyOf(compiled));
    }

    /** The grant of a connection to {@code url} with these connection properties (names only matter). */
    public DatabaseGrant grant(String url, Map<?, ?> properties) {
        JdbcTarget target = JdbcUrls.normalise(url, properties);
        List<CompiledRule> matching = new ArrayList<>();
        for (CompiledRule rule : rules) {
            if (matchesEveryUrl(rule, target)) {
                matching.add(rule);
            }
        }
        Verdict verdict;
        if (target.refusal() != null) {
            verdict = Verdict.denied(null, null, "the URL is refused: " + target.refusal());
        } else if (matching.isEmpty()) {
            verdict = Verdict.denied(null, null, "no databases rule allows " + String.join(", ", target.urls()));
        } else {
            verdict = matching.get(0).allowVerdict;
            for (String effect : target.effects()) {
                if (verdict.allowed() && allowing(matching, effect) == null) {
                    verdict = refuseFunction(matching, effect, "the URL turns on ");
                }
            }
        }
        DatabaseGrant grant = new DatabaseGrant(target, matching, verdict);
        if (verdict.allowed() && target.initSql() != null) {
            // the driver runs INIT's SQL on the new connection before the app gets it
            Verdict init = decide(grant, SqlAnalyzer.analyze(target.initSql()));
            if (!init.allowed()) {
                grant = new DatabaseGrant(target, matching, Verdict.denied(init.rule(), init.ruleTarget(),
                        "its INIT setting runs SQL that is denied: " + init.reason()));
            }
        }
        return grant;
    }

    private static boolean matchesEveryUrl(CompiledRule rule, JdbcTarget target) {
        for (String url : target.urls()) {
            if (!rule.url.matches(url)) {
                return false;
            }
        }
        return true;
    }

    /** Decides every statement of {@code sql} on a connection with {@code grant}. */
    public Verdict decide(DatabaseGrant grant, SqlAnalysis sql) {
        if (!grant.connectVerdict().allowed()) {
            return grant.connectVerdict();
        }
        List<CompiledRule> granted = grant.rules();
        for (String effect : sql.effects(grant.target().system())) {
            if (allowing(granted, effect) == null) {
                return refuseFunction(granted, effect, "");
            }
        }
        if (!sql.readable()) {
            for (CompiledRule rule : granted) {
                if (rule.allowsUnparsed()) {
                    return rule.allowVerdict;
                }
            }
            return Verdict.denied(null, null, sql.unreadableReason() + ", so it cannot be decided"
                    + " (only a rule allowing any on every table allows SQL Warden cannot read)");
        }
        Verdict first = null;
        for (SqlStatement statement : sql.statements()) {
            Verdict verdict = decide(grant, statement);
            if (!verdict.allowed()) {
                return verdict;
            }
            first = first == null ? verdict : first;
        }
        return first;
    }

    private static Verdict decide(DatabaseGrant grant, SqlStatement statement) {
        List<CompiledRule> granted = grant.rules();
        if (statement.operation() == null) {
            return granted.get(0).allowVerdict;
        }
        if (statement.accesses().isEmpty()) {
            for (CompiledRule rule : granted) {
                if (rule.allows(statement.operation())) {
                    return rule.allowVerdict;
                }
            }
            return refuse(granted, statement.operation(), null);
        }
        Verdict first = null;
        for (TableAccess access : statement.accesses()) {
            CompiledRule allowing = null;
            for (CompiledRule rule : granted) {
                if (rule.allows(access.operation()) && rule.allowsTable(access.table())) {
                    allowing = rule;
                    break;
                }
            }
            if (allowing == null) {
                return refuse(granted, access.operation(), access.table());
            }
            first = first == null ? allowing.allowVerdict : first;
        }
        return first;
    }

    private static CompiledRule allowing(List<CompiledRule> granted, String function) {
        for (CompiledRule rule : granted) {
            if (rule.allowsFunction(function)) {
                return rule;
            }
        }
        return null;
    }

    private static Verdict refuseFunction(List<CompiledRule> granted, String function, String what) {
        CompiledRule nearest = granted.get(0);
        StringBuilder reason = new StringBuilder(what).append("no databases rule allows function ").append(function)
                .append(", which acts on the database server beyond the tables (list it under functions: to allow it) (");
        for (int i = 0; i < granted.size(); i++) {
            reason.append(i == 0 ? "" : "; ").append(granted.get(i).describe());
        }
        reason.append(')');
        return Verdict.denied(nearest.rule.id(), nearest.rule.url(), reason.toString());
    }

    private static Verdict refuse(List<CompiledRule> granted, DatabaseOperation operation, String table) {
        CompiledRule nearest = granted.get(0);
        StringBuilder reason = new StringBuilder("no databases rule allows ")
                .append(operation.name().toLowerCase(Locale.ROOT));
        if (table != null) {
            reason.append(" on ").append(table);
        }
        reason.append(" (");
        for (int i = 0; i < granted.size(); i++) {
            reason.append(i == 0 ? "" : "; ").append(granted.get(i).describe());
        }
        reason.append(')');
        return Verdict.denied(nearest.rule.id(), nearest.rule.url(), reason.toString());
    }
}
