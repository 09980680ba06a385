package dev.warden.bench;

import java.io.PrintStream;
import java.util.IntSummaryStatistics;
import java.util.List;

/**
 * Prints the first measured launch's stderr of a variant, and whether the others said as much: agents' startup
 * lines, warnings, denials and export errors belong in a report, they are part of the cost.
 */
final class ChildStderrSummary {

    private static final int LINES_SHOWN = 12;

    private ChildStderrSummary() {
    }

    static void print(PrintStream out, String variantName, List<String> stderrOfEachRun) {
        List<String> lines = stderrOfEachRun.get(0).lines().toList();
        IntSummaryStatistics lineCounts = stderrOfEachRun.stream()
                .mapToInt(stderr -> (int) stderr.lines().count()).summaryStatistics();
        String consistency = lineCounts.getMin() == lineCounts.getMax()
                ? "same count in every run"
                : "varies from " + lineCounts.getMin() + " to " + lineCounts.getMax() + " between runs";
        out.printf("  [%s] %d line(s), %s%n", variantName, lines.size(), consistency);
        lines.stream().limit(LINES_SHOWN).forEach(line -> out.println("    " + line));
        if (lines.size() > LINES_SHOWN) {
            out.printf("    ... %d more%n", lines.size() - LINES_SHOWN);
        }
    }
}
