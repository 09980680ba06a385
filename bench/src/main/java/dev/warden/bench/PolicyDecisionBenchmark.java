package dev.warden.bench;

import dev.warden.policy.Policy;
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
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Average time of one egress decision by the compiled policy engine, for an allowed and a denied
 * request of each kind, as the policy grows from 10 to 5000 rules. The target is well under a
 * microsecond, and flat in the rule count.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class PolicyDecisionBenchmark {

    @Param({"10", "1000", "5000"})
    public int rules;

    private PolicyEngine engine;

    private String allowedHttpHost;
    private String allowedHttpPath;
    private String deniedHttpHost;
    private String allowedSuffixHost;
    private int allowedSuffixPort;
    private String deniedSuffixHost;
    private byte[] allowedAddress;
    private byte[] deniedAddress;
    private int addressPort;

    @Setup(Level.Trial)
    public void compilePolicy() throws PolicyException {
        GeneratedEgressPolicy generated = new GeneratedEgressPolicy(rules);
        Policy policy = PolicyParser.parse(generated.yaml(), "bench-" + rules + ".yaml");
        engine = PolicyEngine.compile(policy);

        allowedHttpHost = generated.allowedHttpHost();
        allowedHttpPath = generated.allowedHttpPath();
        deniedHttpHost = generated.deniedHost();
        allowedSuffixHost = generated.allowedSuffixHost();
        allowedSuffixPort = generated.allowedSuffixPort();
        deniedSuffixHost = generated.deniedSuffixHost();
        allowedAddress = generated.allowedAddress();
        deniedAddress = generated.deniedAddress();
        addressPort = generated.allowedAddressPort();

        // A benchmark of the wrong outcome measures nothing: check each request decides as intended.
        expect(true, httpAllowed(), "http allowed");
        expect(false, httpDenied(), "http denied");
        expect(true, hostPortAllowed(), "host:port allowed");
        expect(false, hostPortDenied(), "host:port denied");
        expect(true, addressAllowed(), "address allowed");
        expect(false, addressDenied(), "address denied");
        expect(true, lookupAllowed(), "lookup allowed");
        expect(false, lookupDenied(), "lookup denied");
    }

    @Benchmark
    public Verdict httpAllowed() {
        return engine.decideHttp("https", allowedHttpHost, 443, "POST", allowedHttpPath);
    }

    @Benchmark
    public Verdict httpDenied() {
        return engine.decideHttp("https", deniedHttpHost, 443, "POST", allowedHttpPath);
    }

    @Benchmark
    public Verdict hostPortAllowed() {
        return engine.decideHostPort(allowedSuffixHost, allowedSuffixPort);
    }

    @Benchmark
    public Verdict hostPortDenied() {
        return engine.decideHostPort(deniedSuffixHost, allowedSuffixPort);
    }

    @Benchmark
    public Verdict addressAllowed() {
        return engine.decideAddress(allowedAddress, addressPort);
    }

    @Benchmark
    public Verdict addressDenied() {
        return engine.decideAddress(deniedAddress, addressPort);
    }

    @Benchmark
    public Verdict lookupAllowed() {
        return engine.decideLookup(allowedSuffixHost);
    }

    @Benchmark
    public Verdict lookupDenied() {
        return engine.decideLookup(deniedSuffixHost);
    }

    private void expect(boolean allowed, Verdict verdict, String request) {
        if (verdict.allowed() != allowed) {
            throw new IllegalStateException(request + " with " + rules + " rules decided " + verdict);
        }
    }
}
