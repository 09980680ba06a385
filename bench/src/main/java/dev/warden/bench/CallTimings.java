package dev.warden.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One client's measured calls in one child JVM, and the line format that carries them from the child
 * (a workload) to its harness over stdout. {@code warmupMillis}: how long the child warmed up before
 * measuring ({@link SteadyState}).
 */
record CallTimings(String client, long warmupMillis, int calls, double meanMicros, double medianMicros) {

    private static final Pattern LINE = Pattern.compile(
            "^RESULT client=(\\S+) warmup_ms=(\\d+) calls=(\\d+) mean_us=([\\d.]+) median_us=([\\d.]+) calls_per_s=\\S+$",
            Pattern.MULTILINE);

    double callsPerSecond() {
        return 1_000_000.0 / meanMicros;
    }

    String toLine() {
        return String.format(Locale.ROOT, "RESULT client=%s warmup_ms=%d calls=%d mean_us=%.3f median_us=%.3f calls_per_s=%.0f",
                client, warmupMillis, calls, meanMicros, medianMicros, callsPerSecond());
    }

    /** Every result line in a child's stdout, in order. */
    static List<CallTimings> parseAll(String stdout) {
        List<CallTimings> timings = new ArrayList<>();
        Matcher matcher = LINE.matcher(stdout);
        while (matcher.find()) {
            timings.add(new CallTimings(matcher.group(1), Long.parseLong(matcher.group(2)), Integer.parseInt(matcher.group(3)),
                    Double.parseDouble(matcher.group(4)), Double.parseDouble(matcher.group(5))));
        }
        return timings;
    }
}
