package dev.warden.agent.record;

import java.util.logging.Level;

/**
 * The logger that the libraries Warden carries get where they would make a
 * {@code java.util.logging.Logger} at the agent's start: the packaging step rewrites their
 * references to this class (Bouncy Castle's crypto services, whose registry makes one the first time
 * the bundle's signature is checked, and its PEM reader). A real logger would start {@code java.util.logging} inside
 * {@code premain}, before the app's main could choose its own log manager
 * ({@code java.util.logging.manager}, as application servers set it), and cost 8 ms of the start.
 * A warning becomes one of Warden's lines; anything below it is dropped.
 */
public final class LibraryLogger {

    private final String name;

    private LibraryLogger(String name) {
        this.name = name.substring(name.lastIndexOf('.') + 1);
    }

    public static LibraryLogger getLogger(String name) {
        return new LibraryLogger(name);
    }

    public boolean isLoggable(Level level) {
        return level.intValue() >= Level.WARNING.intValue();
    }

    /** Below a warning: dropped. */
    public void info(String message) {
    }

    public void warning(String message) {
        WardenLog.warn(name + ": " + message);
    }

    public void log(Level level, String message, Throwable thrown) {
        if (isLoggable(level)) {
            WardenLog.warn(name + ": " + message + (thrown == null ? "" : " (" + thrown + ")"));
        }
    }
}
