package dev.warden.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Launches every variant once per round, rotating which goes first each round, so that drift in the
 * machine's load hits all variants alike and no variant always follows the same neighbour.
 */
final class InterleavedRounds {

    /** One launch of a variant; it ends the run (e.g. {@code System.exit}) itself if the launch failed. */
    @FunctionalInterface
    interface Launch<R> {
        R run(Variant variant, int round) throws IOException, InterruptedException;
    }

    private InterleavedRounds() {
    }

    /** Results of the measured rounds per variant, in the variants' order; warm-up rounds are discarded. */
    static <R> Map<Variant, List<R>> run(List<Variant> variants, int warmupRounds, int measuredRounds, Launch<R> launch)
            throws IOException, InterruptedException {
        Map<Variant, List<R>> results = new LinkedHashMap<>();
        variants.forEach(variant -> results.put(variant, new ArrayList<>()));
        for (int round = 0; round < warmupRounds + measuredRounds; round++) {
            for (int i = 0; i < variants.size(); i++) {
                Variant variant = variants.get((round + i) % variants.size());
                R result = launch.run(variant, round);
                if (round >= warmupRounds) {
                    results.get(variant).add(result);
                }
            }
            System.err.print(round < warmupRounds ? "w" : ".");
        }
        System.err.println();
        return results;
    }
}
