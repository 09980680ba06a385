package dev.warden.bench;

import java.io.PrintStream;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/** Prints the startup table, the overheads against the no-agent baseline, and what the children wrote to stderr. */
final class StartupReport {

    /** Issue 14's targets for a hello world: Warden's overheads against no agent, and against the OTel agent's. */
    private static final double TARGET_FRACTION_OF_OTEL = 0.05;
    private static final double TARGET_WALL_MILLIS = 150;
    private static final double TARGET_CPU_MILLIS = 250;
    private static final double TARGET_RSS_MIB = 40;
    private static final long TARGET_EXTRA_CLASSES = 1200;

    private final Variant baseline;
    private final Variant warden;
    private final Variant otel;
    /** An earlier Warden build measured in the same rounds, or null. */
    private final Variant earlierWarden;
    private final Map<Variant, List<LaunchResult>> results;
    private final Map<Variant, Long> loadedClasses;

    StartupReport(Variant baseline, Variant warden, Variant otel, Variant earlierWarden,
            Map<Variant, List<LaunchResult>> results, Map<Variant, Long> loadedClasses) {
        this.baseline = baseline;
        this.warden = warden;
        this.otel = otel;
        this.earlierWarden = earlierWarden;
        this.results = results;
        this.loadedClasses = loadedClasses;
    }

    void print(PrintStream out) {
        printTable(out);
        printOverheads(out);
        printChildStderr(out);
    }

    private void printTable(PrintStream out) {
        out.printf("%n%-16s %5s %20s %20s %24s %8s%n",
                "variant", "runs", "wall median [min-max]", "CPU median [min-max]", "peak RSS median [min-max]", "classes");
        for (Variant variant : measured()) {
            List<LaunchResult> runs = results.get(variant);
            out.printf("%-16s %5d %20s %20s %24s %8d%n", variant.name(), runs.size(),
                    spread(variant, LaunchResult::wallMillis, "ms"), spread(variant, LaunchResult::cpuMillis, "ms"),
                    spread(variant, LaunchResult::peakRssMib, "MiB"), loadedClasses.get(variant));
        }
    }

    private void printOverheads(PrintStream out) {
        double wardenStartup = overhead(warden, LaunchResult::wallMillis);
        double otelStartup = overhead(otel, LaunchResult::wallMillis);
        double fraction = wardenStartup / otelStartup;
        out.printf("%nStartup overhead (median wall time minus %s):%n", baseline.name());
        out.printf("  %-16s %+9.1f ms%n", warden.name(), wardenStartup);
        out.printf("  %-16s %+9.1f ms%n", otel.name(), otelStartup);
        printEarlier(out, LaunchResult::wallMillis, "ms");
        out.printf("  Warden: %s; Warden / OTel = %.3f (%s)%n", verdict(wardenStartup, TARGET_WALL_MILLIS, "ms"), fraction,
                verdict(fraction, TARGET_FRACTION_OF_OTEL, ""));
        double wardenCpu = overhead(warden, LaunchResult::cpuMillis);
        out.printf("CPU overhead (median user+system time minus %s):%n", baseline.name());
        out.printf("  %-16s %+9.1f ms  (%s)%n", warden.name(), wardenCpu, verdict(wardenCpu, TARGET_CPU_MILLIS, "ms"));
        out.printf("  %-16s %+9.1f ms%n", otel.name(), overhead(otel, LaunchResult::cpuMillis));
        printEarlier(out, LaunchResult::cpuMillis, "ms");
        double wardenRss = overhead(warden, LaunchResult::peakRssMib);
        out.printf("Peak memory overhead (median peak RSS minus %s):%n", baseline.name());
        out.printf("  %-16s %+9.1f MiB  (%s)%n", warden.name(), wardenRss, verdict(wardenRss, TARGET_RSS_MIB, "MiB"));
        out.printf("  %-16s %+9.1f MiB%n", otel.name(), overhead(otel, LaunchResult::peakRssMib));
        printEarlier(out, LaunchResult::peakRssMib, "MiB");
        long extraClasses = loadedClasses.get(warden) - loadedClasses.get(baseline);
        out.printf("Classes loaded beyond %s (one -Xlog:class+load launch each):%n", baseline.name());
        out.printf("  %-16s %+9d  (%s)%n", warden.name(), extraClasses, verdict(extraClasses, TARGET_EXTRA_CLASSES, ""));
        out.printf("  %-16s %+9d%n", otel.name(), loadedClasses.get(otel) - loadedClasses.get(baseline));
        if (earlierWarden != null) {
            out.printf("  %-16s %+9d%n", earlierWarden.name(), loadedClasses.get(earlierWarden) - loadedClasses.get(baseline));
        }
    }

    private List<Variant> measured() {
        return earlierWarden == null ? List.of(baseline, warden, otel) : List.of(baseline, warden, otel, earlierWarden);
    }

    private void printEarlier(PrintStream out, ToDoubleFunction<LaunchResult> metric, String unit) {
        if (earlierWarden != null) {
            out.printf("  %-16s %+9.1f %s%n", earlierWarden.name(), overhead(earlierWarden, metric), unit);
        }
    }

    private void printChildStderr(PrintStream out) {
        out.printf("%nChild stderr, first measured run of each variant:%n");
        for (Variant variant : measured()) {
            ChildStderrSummary.print(out, variant.name(), results.get(variant).stream().map(LaunchResult::stderr).toList());
        }
    }

    private static String verdict(double figure, double target, String unit) {
        return String.format("target at most %s%s: %s", target == Math.rint(target) ? String.valueOf((long) target)
                : String.valueOf(target), unit.isEmpty() ? "" : " " + unit, figure <= target ? "met" : "NOT met");
    }

    private String spread(Variant variant, ToDoubleFunction<LaunchResult> metric, String unit) {
        List<Double> values = values(variant, metric);
        return String.format("%.0f [%.0f-%.0f] %s", Stats.median(values), Collections.min(values),
                Collections.max(values), unit);
    }

    private double overhead(Variant variant, ToDoubleFunction<LaunchResult> metric) {
        return median(variant, metric) - median(baseline, metric);
    }

    private double median(Variant variant, ToDoubleFunction<LaunchResult> metric) {
        return Stats.median(values(variant, metric));
    }

    private List<Double> values(Variant variant, ToDoubleFunction<LaunchResult> metric) {
        return results.get(variant).stream().map(metric::applyAsDouble).toList();
    }
}
