package dev.warden.bootstrap;

import java.io.IOException;

/**
 * Returned by a "before" hook of an API that reports failure asynchronously (a future): advice
 * skips the original method and fails the result with {@link #exception()} instead of throwing
 * ({@link WardenBridge#isDenial}, {@link WardenBridge#deniedFuture}).
 */
public final class Denial {
    private final IOException exception;

    public Denial(IOException exception) {
        this.exception = exception;
    }

    public IOException exception() {
        return exception;
    }
}
