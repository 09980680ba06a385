package dev.warden.agent.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Knows which destinations, paths, tables and commands the app has reached. During the learning
 * window everything reached is remembered; afterwards, reaching something new is an anomaly,
 * reported once per target. Bounded: past {@link #MAX_KNOWN} targets nothing new is remembered,
 * so a flood of new targets alerts each time instead of growing memory.
 */
final class FirstAccessWatch {

    static final int MAX_KNOWN = 20_000;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanoTime;
    private final long learnUntil;

    /** @param windowNanos how long to learn before new targets are anomalies; 0 turns the watch off */
    FirstAccessWatch(long windowNanos, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.learnUntil = windowNanos <= 0 ? Long.MAX_VALUE : nanoTime.getAsLong() + windowNanos;
    }

    boolean enabled() {
        return learnUntil != Long.MAX_VALUE;
    }

    /** True when {@code target} is reached for the first time after the learning window. */
    boolean firstAfterWindow(String target) {
        if (learnUntil == Long.MAX_VALUE || known.contains(target)) {
            return false;
        }
        boolean learning = nanoTime.getAsLong() - learnUntil < 0;
        if (known.size() < MAX_KNOWN) {
            known.add(target);
        }
        return !learning;
    }
}
