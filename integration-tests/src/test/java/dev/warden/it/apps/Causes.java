package dev.warden.it.apps;

/** The exception at the bottom of a chain: what an MCP client's wrappers (timeouts, futures, its own exceptions) hide. */
final class Causes {
    private Causes() {
    }

    static Throwable root(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
