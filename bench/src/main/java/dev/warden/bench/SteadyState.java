package dev.warden.bench;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;

/**
 * Warms a workload up until the JIT compilers are done with it: after the given warm-up calls, more
 * rounds of calls run until a whole quiet interval passes in which the compilers spent no time.
 *
 * <p>Why: on a two-core machine an agent's code (its hooks, the telemetry SDK, the exporter) gives
 * the compilers hundreds more methods to compile, for seconds after the app's own code is hot. A fixed
 * count of warm-up calls then measures the agent's warm-up competing for the CPU with the calls, not
 * its cost per call. The report says how long each launch warmed up, so that cost stays visible.
 */
final class SteadyState {

    /** A compiler-quiet interval this long ends the warm-up. */
    private static final long QUIET_NANOS = 1_000_000_000L;
    /** Never warm up longer than this: a JIT that keeps compiling (deoptimisation loops) is measured as it is. */
    private static final long LIMIT_NANOS = 60_000_000_000L;

    @FunctionalInterface
    interface Calls {
        void run(int calls) throws Exception;
    }

    private SteadyState() {
    }

    /**
     * Runs {@code minimumCalls}, then rounds of {@code roundCalls} until the compilers were idle for a
     * whole quiet interval (or the limit passed); returns the milliseconds spent warming up.
     */
    static long warmUp(Calls calls, int minimumCalls, int roundCalls) throws Exception {
        long start = System.nanoTime();
        calls.run(minimumCalls);
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return (System.nanoTime() - start) / 1_000_000;
        }
        long compiledMillis = compiler.getTotalCompilationTime();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < QUIET_NANOS && System.nanoTime() - start < LIMIT_NANOS) {
            calls.run(roundCalls);
            long now = compiler.getTotalCompilationTime();
            if (now != compiledMillis) {
                compiledMillis = now;
                quietSince = System.nanoTime();
            }
        }
        return (System.nanoTime() - start) / 1_000_000;
    }
}
