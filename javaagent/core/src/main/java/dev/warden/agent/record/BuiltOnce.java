package dev.warden.agent.record;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A value one thread builds once, which others wait for (bounded) or are called back with: the part
 * of {@code CompletableFuture} that {@link Telemetry} uses, without the forty classes (JDK 25; its
 * fork-join pool among them) that {@code CompletableFuture} loads before the app's main.
 */
final class BuiltOnce<T> {

    private boolean done;
    private T value;
    private Throwable failure;
    private List<Consumer<T>> callbacks = new ArrayList<>();

    /** Sets the value and runs the callbacks, on this thread, each on its own; a second completion is ignored. */
    void complete(T built) {
        List<Consumer<T>> waiting = finish(built, null);
        if (waiting != null) {
            for (Consumer<T> callback : waiting) {
                run(callback, built);
            }
        }
    }

    /** Records that the value will never be built: waiters get {@code error}, callbacks never run. */
    void fail(Throwable error) {
        finish(null, error);
    }

    /** Ends the wait once (null when it had ended) and hands back the callbacks that were waiting. */
    private synchronized List<Consumer<T>> finish(T built, Throwable error) {
        if (done) {
            return null;
        }
        value = built;
        failure = error;
        done = true;
        List<Consumer<T>> waiting = callbacks;
        callbacks = null;
        notifyAll();
        return waiting;
    }

    synchronized boolean isDone() {
        return done;
    }

    /** The value, or null while it is not built (or when it failed). */
    synchronized T now() {
        return value;
    }

    /**
     * The value, waiting at most {@code millis} for it. An interrupt does not end the wait (the
     * thread's interrupt status is kept): one interrupted app thread must not decide for all.
     *
     * @throws IllegalStateException when it failed (caused by the failure) or is not built in time
     */
    T await(long millis) {
        boolean interrupted = false;
        try {
            synchronized (this) {
                long deadline = System.nanoTime() + millis * 1_000_000L;
                while (!done) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new IllegalStateException("not ready within " + millis + " ms");
                    }
                    try {
                        wait(Math.max(1, left / 1_000_000L));
                    } catch (InterruptedException interrupt) {
                        interrupted = true;
                    }
                }
                if (failure != null) {
                    throw new IllegalStateException(failure.getMessage(), failure);
                }
                return value;
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Runs {@code callback} with the value once it is built: at once if it is, else on the building thread. */
    void whenBuilt(Consumer<T> callback) {
        T built;
        synchronized (this) {
            if (!done) {
                callbacks.add(callback);
                return;
            }
            if (failure != null) {
                return;
            }
            built = value;
        }
        run(callback, built);
    }

    /** One callback's failure is its own: the others still run, and whoever completed or asked goes on. */
    private static <T> void run(Consumer<T> callback, T built) {
        try {
            callback.accept(built);
        } catch (RuntimeException | LinkageError failed) {
            WardenLog.warn("telemetry: a callback on the OpenTelemetry SDK failed, its instruments are missing: " + failed);
        }
    }
}
