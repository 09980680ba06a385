package dev.warden.bench;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Prints the startup table, the overheads against the no-agent baseline, and what the children wrote to stderr. */
final class StartupReport {

    /** The brief's target: Warden's startup overhead at most a tenth of the OTel Java agent's. */
    private static final double TARGET_FRACTION_OF_OTEL = 0.10;

    private final Variant baseline;
    private final Variant warden;
    private final Variant otel;
    private final Map<Variant, List<LaunchResult>> results;

    StartupReport(Variant baseline, Variant warden, Variant otel, Map<Variant, List<LaunchResult>> results) {
        this.baseline = baseline;
        this.warden = warden;
        this.otel = otel;
        this.results = results;
    }

    void print(PrintStream out) {
        printTable(out);
        printOverheads(out);
        printChildStderr(out);
    }

    private void printTable(PrintStream out) {
        out.printf("%n%-16s %5s %12s %12s %16s %16s%n",
                "variant", "runs", "wall median", "wall p90", "peak RSS median", "peak RSS p90");
        for (Variant variant : List.of(baseline, warden, otel)) {
            List<LaunchResult> runs = results.get(variant);
            out.printf("%-16s %5d %9.1f ms %9.1f ms %12.1f MiB %12.1f MiB%n", variant.name(), runs.size(),
                    median(variant, LaunchResult::wallMillis), p90(variant, LaunchResult::wallMillis),
                    median(variant, LaunchResult::peakRssMib), p90(variant, LaunchResult::peakRssMib));
        }
    }

    private void printOverheads(PrintStream out) {
        double wardenStartup = overhead(warden, LaunchResult::wallMillis);
        double otelStartup = overhead(otel, LaunchResult::wallMillis);
        double fraction = wardenStartup / otelStartup;
        out.printf("%nStartup overhead (median wall time minus %s):%n", baseline.name());
        out.printf("  %-16s %+9.1f ms%n", warden.name(), wardenStartup);
        out.printf("  %-16s %+9.1f ms%n", otel.name(), otelStartup);
        out.printf("  Warden / OTel = %.3f  (target: at most %.2f -> %s)%n", fraction, TARGET_FRACTION_OF_OTEL,
                fraction <= TARGET_FRACTION_OF_OTEL ? "met" : "NOT met");
        out.printf("Peak memory overhead (median peak RSS minus %s):%n", baseline.name());
        out.printf("  %-16s %+9.1f MiB%n", warden.name(), overhead(warden, LaunchResult::peakRssMib));
        out.printf("  %-16s %+9.1f MiB%n", otel.name(), overhead(otel, LaunchResult::peakRssMib));
    }

    private void printChildStderr(PrintStream out) {
        out.printf("%nChild stderr, first measured run of each variant:%n");
        for (Variant variant : List.of(baseline, warden, otel)) {
            ChildStderrSummary.print(out, variant.name(), results.get(variant).stream().map(LaunchResult::stderr).toList());
        }
    }

    private double overhead(Variant variant, ToDoubleFunction<LaunchResult> metric) {
        return median(variant, metric) - median(baseline, metric);
    }

    private double median(Variant variant, ToDoubleFunction<LaunchResult> metric) {
        return Stats.median(values(variant, metric));
    }

    private double p90(Variant variant, ToDoubleFunction<LaunchResult> metric) {
        return Stats.percentile(values(variant, metric), 90);
    }

    private List<Double> values(Variant variant, ToDoubleFunction<LaunchResult> metric) {
        return results.get(variant).stream().map(metric::applyAsDouble).toList();
    }
}
