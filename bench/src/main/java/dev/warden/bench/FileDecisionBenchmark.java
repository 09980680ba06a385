package dev.warden.bench;

import dev.warden.policy.FileAccess;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PathVariables;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Verdict;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Average time of one file decision by the compiled engine (a canonical path in, a verdict out),
 * allowed and denied, with 10 and 1,000 path rules: one per tenant directory, a few with
 * wildcards, and variables. The target: the same time for both sizes.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class FileDecisionBenchmark {

    @Param({"10", "1000"})
    public int rules;

    private PolicyEngine engine;
    private String allowedPath;
    private String deniedPath;
    private String wildcardPath;

    @Setup(Level.Trial)
    public void compilePolicy() throws PolicyException {
        StringBuilder yaml = new StringBuilder("policy: file-bench\nfiles:\n");
        yaml.append("  - path: \"/srv/*/public/**\"\n    allow: [read]\n");
        yaml.append("  - path: \"${java.io.tmpdir}/**\"\n    allow: [read, write, create, delete]\n");
        for (int i = 2; i < rules; i++) {
            yaml.append("  - path: \"/srv/tenant").append(i).append("/data/**\"\n    allow: [read, list]\n");
        }
        engine = PolicyEngine.compile(PolicyParser.parse(yaml.toString(), "bench-files-" + rules + ".yaml"),
                PathVariables.of(Map.of("java.io.tmpdir", "/tmp")));
        allowedPath = "/srv/tenant" + (rules - 1) + "/data/reports/2024/q3.csv";
        deniedPath = "/srv/tenant" + (rules - 1) + "/secrets/key.pem";
        wildcardPath = "/srv/anyone/public/index.html";
        expect(true, allowed(), "allowed");
        expect(false, denied(), "denied");
        expect(true, allowedByWildcard(), "wildcard");
    }

    @Benchmark
    public Verdict allowed() {
        return engine.decideFile(allowedPath, FileAccess.READ);
    }

    @Benchmark
    public Verdict denied() {
        return engine.decideFile(deniedPath, FileAccess.READ);
    }

    @Benchmark
    public Verdict allowedByWildcard() {
        return engine.decideFile(wildcardPath, FileAccess.READ);
    }

    private static void expect(boolean allowed, Verdict verdict, String what) {
        if (verdict.allowed() != allowed) {
            throw new IllegalStateException(what + " decided " + verdict);
        }
    }
}
