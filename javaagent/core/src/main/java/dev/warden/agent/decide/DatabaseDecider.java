package dev.warden.agent.decide;

import dev.warden.policy.decide.DatabaseGrant;
import dev.warden.policy.decide.SqlAnalysis;
import dev.warden.policy.decide.SqlAnalysisCache;
import dev.warden.policy.decide.Verdict;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Database decisions for the hooks: the engine's verdicts on connections and SQL, with the policy's
 * mode applied. SQL texts are analysed once ({@link SqlAnalysisCache}).
 */
public final class DatabaseDecider {

    /** A connect: the decision and, when it may go ahead, the connection's grant. */
    public record Connect(Decision decision, DatabaseConnection connection, DatabaseGrant grant) {
    }

    private final Supplier<ActivePolicy> active;
    private final SqlAnalysisCache analyses;

    public DatabaseDecider(Supplier<ActivePolicy> active, SqlAnalysisCache analyses) {
        this.active = active;
        this.analyses = analyses;
    }

    /** {@code properties}: the connection properties; only their names are kept. */
    public Connect connect(String url, Map<?, ?> properties) {
        ActivePolicy policy = active.get();
        Map<Object, Object> names = new HashMap<>();
        if (properties != null) {
            properties.keySet().forEach(key -> names.put(key, ""));
        }
        DatabaseGrant grant = policy.engine().databases().grant(url, names);
        AccessScope scope = AccessScope.current(policy);
        Decision decision = decision(policy, policy.engine().decideDatabase(url, names, null, grant.connectVerdict(),
                AccessScope.rulesOf(scope))).in(AccessScope.labelOf(scope));
        return new Connect(decision, new DatabaseConnection(url, Map.copyOf(names), policy, grant), grant);
    }

    /** The analysis of {@code sql}; the text last decided on {@code connection} (null: none known) is not looked up again. */
    public SqlAnalysis analyze(DatabaseConnection connection, String sql) {
        SqlAnalysis last = connection == null ? null : connection.lastAnalysis(sql);
        return last != null ? last : analyses.analyze(sql);
    }

    /** Every statement of {@code sql} (the analysis of {@code text}) on {@code connection}. */
    public Decision statement(DatabaseConnection connection, String text, SqlAnalysis sql) {
        ActivePolicy policy = active.get();
        AccessScope scope = AccessScope.current(policy);
        if (scope == null) {
            Decision known = connection.lastDecision(policy, sql);
            if (known != null) {
                return known;
            }
        }
        Verdict global = policy.engine().databases().decide(connection.grant(policy), sql);
        if (scope == null) {
            Decision decided = decision(policy, global);
            connection.decided(policy, text, sql, decided);
            return decided;
        }
        return decision(policy, policy.engine().decideDatabase(connection.url(), connection.properties(), sql, global,
                scope.rules())).in(scope.label());
    }

    /** SQL on a connection Warden did not see open: denied (audited in audit mode). */
    public Decision unknownConnection() {
        ActivePolicy policy = active.get();
        return Decision.denied(null, "the connection was not opened through a mediated Driver.connect", policy, null);
    }

    private static Decision decision(ActivePolicy policy, Verdict verdict) {
        return Decision.of(verdict, policy, null);
    }
}
