package dev.warden.agent.record;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Knows which destinations, paths, tables and commands the app has reached. During the learning
 * window (it starts with the first access, so a slow start does not eat it) everything
 * reached is remembered; afterwards, reaching something new is an anomaly,
 * reported once per target. Bounded: past {@link #MAX_KNOWN} targets nothing new is remembered,
 * so a flood of new targets alerts each time instead of growing memory.
 */
final class FirstAccessWatch {

    static final int MAX_KNOWN = 20_000;

    private final Set<String> known = ConcurrentHashMap.newKeySet();
    private final LongSupplier nanoTime;
    private final long windowNanos;
    private final AtomicLong learnUntil = new AtomicLong();
    private final AtomicBoolean started = new AtomicBoolean();

    /** @param windowNanos how long to learn before new targets are anomalies; 0 turns the watch off */
    FirstAccessWatch(long windowNanos, LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
        this.windowNanos = windowNanos;
    }

    boolean enabled() {
        return windowNanos > 0;
    }

    /** True when {@code target} is reached for the first time after the learning window. */
    boolean firstAfterWindow(String target) {
        if (windowNanos <= 0 || known.contains(target)) {
            return false;
        }
        if (!started.get() && started.compareAndSet(false, true)) {
            learnUntil.set(nanoTime.getAsLong() + windowNanos);
        }
        boolean learning = nanoTime.getAsLong() - learnUntil.get() < 0;
        if (known.size() < MAX_KNOWN) {
            known.add(target);
        }
        return !learning;
    }
}
