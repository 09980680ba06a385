package dev.warden.bench;

import dev.warden.policy.decide.SqlAnalysis;
import dev.warden.policy.decide.SqlAnalysisCache;
import dev.warden.policy.decide.SqlAnalyzer;
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
 * What reading SQL costs Warden: {@code firstTime} is the analysis of a text not seen before (JSqlParser
 * parse, tables, sanitised text), paid once per distinct text; {@code cached} is every later use of it.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SqlParseBenchmark {

    @Param({
        "select id, name from customers where id = ?",
        "insert into orders (customer_id, total) values (?, ?)",
        "update customers set name = ? where id = ?",
        "select c.name, sum(o.total) from customers c join orders o on o.customer_id = c.id "
                + "where c.id in (select customer_id from vip) group by c.name order by 2 desc limit 10",
        "with recent as (select * from orders where created > ?) select count(*) from recent",
    })
    public String sql;

    private SqlAnalysisCache cache;

    @Setup
    public void setUp() {
        cache = new SqlAnalysisCache(16);
        cache.analyze(sql);
    }

    @Benchmark
    public SqlAnalysis firstTime() {
        return SqlAnalyzer.analyze(sql);
    }

    @Benchmark
    public SqlAnalysis cached() {
        return cache.analyze(sql);
    }
}
