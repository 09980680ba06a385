package dev.warden.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/** Prints per client the no-agent and Warden cost per call, the overhead, the spans exported, and the children's stderr. */
final class HttpCallReport {

    /** The brief's target: per-call overhead with enforcement and spans on at most +5%. */
    private static final double TARGET_OVERHEAD_PERCENT = 5.0;

    private final Variant baseline;
    private final Variant warden;
    private final List<String> clients;
    private final Map<Variant, List<HttpCallRun>> results;

    HttpCallReport(Variant baseline, Variant warden, List<String> clients, Map<Variant, List<HttpCallRun>> results) {
        this.baseline = baseline;
        this.warden = warden;
        this.clients = clients;
        this.results = results;
    }

    void print(PrintStream out) {
        printTable(out);
        printRunMeans(out);
        printExports(out);
        out.printf("%nChild stderr, first run of each variant:%n");
        for (Variant variant : List.of(baseline, warden)) {
            ChildStderrSummary.print(out, variant.name(), results.get(variant).stream().map(run -> run.output().stderr()).toList());
        }
    }

    /** The median over launches of each launch's mean (and median) time per call: one slow launch cannot sway it. */
    private void printTable(PrintStream out) {
        int runs = results.get(baseline).size();
        out.printf("%nMicroseconds per call, median over %d launches of each launch's mean (and of its median):%n", runs);
        out.printf("%-20s %12s %12s %10s %6s %12s %12s %10s %12s%n", "client", baseline.name() + " mean",
                warden.name() + " mean", "overhead", "target", baseline.name() + " p50", warden.name() + " p50",
                "overhead", warden.name() + " calls/s");
        for (String client : clients) {
            double baselineMean = medianOverRuns(baseline, client, CallTimings::meanMicros);
            double wardenMean = medianOverRuns(warden, client, CallTimings::meanMicros);
            double baselineMedian = medianOverRuns(baseline, client, CallTimings::medianMicros);
            double wardenMedian = medianOverRuns(warden, client, CallTimings::medianMicros);
            double overhead = percentOver(wardenMean, baselineMean);
            out.printf("%-20s %12.2f %12.2f %+9.1f%% %6s %12.2f %12.2f %+9.1f%% %12.0f%n", client, baselineMean, wardenMean,
                    overhead, overhead <= TARGET_OVERHEAD_PERCENT ? "met" : "NOT", baselineMedian, wardenMedian,
                    percentOver(wardenMedian, baselineMedian), 1_000_000.0 / wardenMean);
        }
        out.printf("(overhead = %s / %s - 1; target: at most +%.0f%% on the mean)%n", warden.name(), baseline.name(),
                TARGET_OVERHEAD_PERCENT);
    }

    /** Every launch's mean, in launch order, so the spread behind each median is visible. */
    private void printRunMeans(PrintStream out) {
        out.printf("%nMean microseconds per call of each launch, in order (and its warm-up until the JIT was idle for 1 s):%n");
        for (String client : clients) {
            for (Variant variant : List.of(baseline, warden)) {
                String means = results.get(variant).stream()
                        .map(run -> String.format("%.2f (%.1f s)", run.timingsOf(client).meanMicros(),
                                run.timingsOf(client).warmupMillis() / 1000.0))
                        .collect(Collectors.joining("  "));
                out.printf("  %-20s %-10s %s%n", client, variant.name(), means);
            }
        }
    }

    /** Spans must really have left the process, or the Warden column measured enforcement alone. */
    private void printExports(PrintStream out) {
        out.printf("%nOTLP sink, per launch (export requests / KiB of spans / other requests):%n");
        for (Variant variant : List.of(baseline, warden)) {
            String perLaunch = results.get(variant).stream()
                    .map(run -> String.format("%d / %.0f / %d", run.exported().traceExports(),
                            run.exported().traceBytes() / 1024.0, run.exported().otherRequests()))
                    .collect(Collectors.joining(",  "));
            out.printf("  %-10s %s%n", variant.name(), perLaunch);
        }
    }

    private double medianOverRuns(Variant variant, String client, ToDoubleFunction<CallTimings> metric) {
        return Stats.median(results.get(variant).stream().map(run -> metric.applyAsDouble(run.timingsOf(client))).toList());
    }

    private static double percentOver(double value, double base) {
        return (value / base - 1) * 100;
    }
}
