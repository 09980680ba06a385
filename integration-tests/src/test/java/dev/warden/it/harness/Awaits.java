package dev.warden.it.harness;

import java.time.Duration;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/** Small polling helpers. */
public final class Awaits {
    /** How long "nothing arrived" checks keep watching after the app has exited. */
    public static final Duration QUIET = Duration.ofMillis(300);

    private Awaits() {}

    public static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Fails as soon as {@code counter} is non-zero during {@code wait}. */
    public static void assertStaysZero(String what, IntSupplier counter, Duration wait, Supplier<String> details) {
        long deadline = System.nanoTime() + wait.toNanos();
        do {
            int n = counter.getAsInt();
            if (n != 0) {
                throw new AssertionError("expected nothing to reach the peer, but " + what + " = " + n + ": " + details.get());
            }
            sleep(20);
        } while (System.nanoTime() < deadline);
    }

    /** Waits until {@code counter} reaches at least {@code expected}. */
    public static void awaitAtLeast(String what, IntSupplier counter, int expected, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (counter.getAsInt() < expected) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": expected at least " + expected + " within " + wait.toMillis()
                        + " ms, got " + counter.getAsInt());
            }
            sleep(20);
        }
    }
}
