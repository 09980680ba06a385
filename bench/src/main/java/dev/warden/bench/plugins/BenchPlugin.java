package dev.warden.bench.plugins;

/** A class of the code segment in {@code SegmentDecisionBenchmark}'s policy. */
public final class BenchPlugin {

    private BenchPlugin() {
    }
}
