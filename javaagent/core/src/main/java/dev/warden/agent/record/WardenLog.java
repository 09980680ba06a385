package dev.warden.agent.record;

import java.io.PrintStream;

/** Warden's few lines on the app's standard error: startup, warnings, fatal refusals, denials. */
public final class WardenLog {

    private static final String PREFIX = "[warden] ";
    private static volatile boolean debug;

    private WardenLog() {
    }

    public static void info(String line) {
        err().println(PREFIX + line);
    }

    /** With {@code debug=true}: what Warden did not do and why (e.g. a library version it skips). */
    public static void enableDebug() {
        debug = true;
    }

    public static void debug(String line) {
        if (debug) {
            err().println(PREFIX + "DEBUG " + line);
        }
    }

    public static void warn(String line) {
        err().println(PREFIX + "WARNING " + line);
    }

    public static void fatal(String line) {
        err().println(PREFIX + "FATAL " + line);
    }

    /** A denial or an audit-deny, as the exception message the app sees. */
    public static void decision(String line) {
        err().println(PREFIX + line);
    }

    private static PrintStream err() {
        return System.err;
    }
}
