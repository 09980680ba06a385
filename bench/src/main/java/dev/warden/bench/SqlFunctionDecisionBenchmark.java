package dev.warden.bench;

import dev.warden.policy.DatabaseOperation;
import dev.warden.policy.DatabaseRule;
import dev.warden.policy.decide.DatabaseGrant;
import dev.warden.policy.decide.DatabaseRules;
import dev.warden.policy.decide.SqlAnalysisCache;
import dev.warden.policy.decide.Verdict;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The decision of a SQL statement that calls functions, after its first parse: the cached analysis
 * looked up by text, then the connection's rules (tables, and the functions the PostgreSQL family
 * denies unless listed). Target: under 2 µs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SqlFunctionDecisionBenchmark {

    @Param({
        "select lower(name), count(*), coalesce(max(total), 0) from customers group by lower(name)",
        "select pg_stat_file('base'), upper(name) from customers where id = ?",
        "select pg_read_file('/etc/passwd') from customers",
    })
    public String sql;

    private SqlAnalysisCache cache;
    private DatabaseRules rules;
    private DatabaseGrant grant;

    @Setup
    public void setUp() {
        rules = DatabaseRules.compile(List.of(new DatabaseRule("databases[0]", 1, "jdbc:postgresql://127.0.0.1:5432/crm",
                EnumSet.of(DatabaseOperation.SELECT), List.of("customers", "orders"), List.of("pg_stat_file"))));
        grant = rules.grant("jdbc:postgresql://127.0.0.1:5432/crm", Map.of());
        cache = new SqlAnalysisCache(16);
        rules.decide(grant, cache.analyze(sql));
    }

    @Benchmark
    public Verdict decide() {
        return rules.decide(grant, cache.analyze(sql));
    }
}
