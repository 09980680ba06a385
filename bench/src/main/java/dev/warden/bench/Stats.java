package dev.warden.bench;

import java.util.List;

/** Order statistics over a small sample. */
final class Stats {

    private Stats() {
    }

    static double median(List<Double> values) {
        double[] sorted = sorted(values);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    /** Nearest-rank percentile: with 10 runs, p90 is the 9th fastest. */
    static double percentile(List<Double> values, int percent) {
        double[] sorted = sorted(values);
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static double[] sorted(List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("no values");
        }
        return values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    }
}
