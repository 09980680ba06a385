package dev.warden.bench;

import dev.warden.agent.decide.AccessScope;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.CodeScopes;
import dev.warden.bench.plugins.BenchPlugin;
import dev.warden.policy.FileAccess;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Verdict;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Average time of one decision with and without a segment scope: the same URL-level request and
 * file read decided by the global rules alone ({@code global*}), in the scope of a tool whose
 * segment allows it ({@code inToolScope*}) and denies it ({@code deniedByTool*}); what finding the
 * scope costs without code segments; and with them, what a decision adds on a thread that works in
 * a code segment (reading the segments the thread entered, {@code codeScopeOfThread}, then the
 * scoped decision, {@code deniedByCodeSegmentFile}) and what each method entry of a segment's class
 * costs ({@code enterSegmentMethod*}: the first entry on a thread, and the common one, a method of
 * a segment the thread already works in). The scope bridge is not installed here, so the thread's
 * scope lookup is a volatile read instead of a ThreadLocal read.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class SegmentDecisionBenchmark {

    private static final String POLICY = """
            policy: segment-bench
            egress:
              - to: "api.openai.com:443"
                http: { methods: [POST], paths: ["/v1/chat/completions"] }
              - to: "*.wikipedia.org:443"
              - to: "api.example.com:443"
            files:
              - { path: "/srv/data/**", allow: [read, list] }
            segments:
              - tool: fetch_url
                egress: [ { to: "*.wikipedia.org:443", http: { methods: [GET] } } ]
                files: [ { path: "/srv/data/public/**", allow: [read] } ]
            """;

    private PolicyEngine engine;
    private dev.warden.policy.decide.Scope tool;
    private ActivePolicy withoutCodeSegments;
    private PolicyEngine withCodeSegments;
    private Object inPluginCode;

    @Setup(Level.Trial)
    public void compilePolicy() throws PolicyException {
        engine = PolicyEngine.compile(PolicyParser.parse(POLICY, "segment-bench.yaml"));
        tool = engine.toolScope("fetch_url");
        withoutCodeSegments = new ActivePolicy(engine, 0, "bench");
        withCodeSegments = PolicyEngine.compile(PolicyParser.parse(POLICY
                + "  - code: \"dev.warden.bench.plugins.**\"\n    files: []\n", "segment-bench-code.yaml"));
        inPluginCode = CodeScopes.entered(BenchPlugin.class, null, withCodeSegments);
        expect(true, globalHttp(), "global http");
        expect(true, inToolScopeHttp(), "tool http");
        expect(false, deniedByToolHttp(), "tool denied http");
        expect(true, globalFile(), "global file");
        expect(true, inToolScopeFile(), "tool file");
        expect(false, deniedByToolFile(), "tool denied file");
        expect(false, deniedByCodeSegmentFile(), "code segment denied file");
        if (enterSegmentMethodAgain() != inPluginCode) {
            throw new IllegalStateException("re-entering a segment's code changed the thread's segments");
        }
    }

    @Benchmark
    public Verdict globalHttp() {
        return engine.decideHttp("https", "en.wikipedia.org", -1, "GET", "/wiki/Java");
    }

    @Benchmark
    public Verdict inToolScopeHttp() {
        return engine.decideHttp("https", "en.wikipedia.org", -1, "GET", "/wiki/Java", tool);
    }

    @Benchmark
    public Verdict deniedByToolHttp() {
        return engine.decideHttp("https", "api.example.com", -1, "GET", "/items", tool);
    }

    @Benchmark
    public Verdict globalFile() {
        return engine.decideFile("/srv/data/public/readme.txt", FileAccess.READ);
    }

    @Benchmark
    public Verdict inToolScopeFile() {
        return engine.decideFile("/srv/data/public/readme.txt", FileAccess.READ, tool);
    }

    @Benchmark
    public Verdict deniedByToolFile() {
        return engine.decideFile("/srv/data/private/key.pem", FileAccess.READ, tool);
    }

    @Benchmark
    public AccessScope findScopeWithoutCodeSegments() {
        return AccessScope.current(withoutCodeSegments);
    }

    @Benchmark
    public dev.warden.policy.decide.Scope codeScopeOfThread() {
        return CodeScopes.scopeOf(inPluginCode, withCodeSegments);
    }

    @Benchmark
    public Verdict deniedByCodeSegmentFile() {
        return withCodeSegments.decideFile("/srv/data/public/readme.txt", FileAccess.READ,
                CodeScopes.scopeOf(inPluginCode, withCodeSegments));
    }

    @Benchmark
    public Object enterSegmentMethodFirst() {
        return CodeScopes.entered(BenchPlugin.class, null, withCodeSegments);
    }

    @Benchmark
    public Object enterSegmentMethodAgain() {
        return CodeScopes.entered(BenchPlugin.class, inPluginCode, withCodeSegments);
    }

    private static void expect(boolean allowed, Verdict verdict, String what) {
        if (verdict.allowed() != allowed) {
            throw new IllegalStateException(what + " decided " + verdict);
        }
    }
}
