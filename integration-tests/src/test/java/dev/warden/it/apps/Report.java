package dev.warden.it.apps;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * Prints the single machine-readable result line of a test app (parsed by {@code AppResult}):
 * <pre>
 * RESULT ok key=value ...
 * RESULT denied type=java.net.ConnectException [via=java.util.concurrent.ExecutionException] msg=warden: denied ...
 * RESULT error type=java.io.IOException msg=...
 * </pre>
 * The exception's exact class is always reported; wrappers (ExecutionException, CompletionException, Spring
 * WebClient's WebClientRequestException) are named in {@code via}, outermost first, separated by commas. The stack trace goes to stderr for debugging.
 */
public final class Report {
    private Report() {}

    public interface Action {
        /** Does the one call; returns key/value pairs for the ok line. */
        String[] call() throws Throwable;
    }

    /** Runs {@code action} and prints its RESULT line; never lets the exception escape (exit code stays 0). */
    public static void run(Action action) {
        run(new String[0], action);
    }

    /** Same, with {@code tags} (key/value pairs) first on the line, for apps that report several calls. */
    public static void run(String[] tags, Action action) {
        String[] kv;
        try {
            kv = action.call();
        } catch (Throwable t) {
            failure(tags, t);
            return;
        }
        String[] all = new String[tags.length + kv.length];
        System.arraycopy(tags, 0, all, 0, tags.length);
        System.arraycopy(kv, 0, all, tags.length, kv.length);
        ok(all);
    }

    public static void ok(String... kv) {
        StringBuilder sb = new StringBuilder("RESULT ok");
        appendPairs(sb, kv);
        System.out.println(sb);
        endTime();
    }

    /** With {@code -Dit.printEndTime=true}: {@code END <epoch millis>} after the result, to measure exit lag. */
    private static void endTime() {
        if (Boolean.getBoolean("it.printEndTime")) {
            System.out.println("END " + System.currentTimeMillis());
        }
        System.out.flush();
    }

    private static void appendPairs(StringBuilder sb, String[] kv) {
        for (int i = 0; i + 1 < kv.length; i += 2) {
            sb.append(' ').append(kv[i]).append('=').append(escape(kv[i + 1]));
        }
    }

    public static void failure(Throwable t) {
        failure(new String[0], t);
    }

    public static void failure(String[] tags, Throwable t) {
        String via = null;
        Throwable cause = t;
        while (isWrapper(cause) && cause.getCause() != null) {
            via = via == null ? cause.getClass().getName() : via + "," + cause.getClass().getName();
            cause = cause.getCause();
        }
        String msg = String.valueOf(cause.getMessage());
        String outcome = msg.startsWith("warden: denied") ? "denied" : "error";
        StringBuilder sb = new StringBuilder("RESULT ").append(outcome);
        appendPairs(sb, tags);
        sb.append(" type=").append(cause.getClass().getName());
        if (via != null) {
            sb.append(" via=").append(via);
        }
        sb.append(" msg=").append(msg.replace("\r", "\\r").replace("\n", "\\n"));
        System.out.println(sb);
        endTime();
        System.err.println("[app] " + outcome + ":");
        t.printStackTrace();
    }

    /** Futures' wrappers, and Spring WebClient's (named, so that apps without Spring run this class too). */
    private static boolean isWrapper(Throwable t) {
        return t instanceof ExecutionException || t instanceof CompletionException
                || t.getClass().getName().equals("org.springframework.web.reactive.function.client.WebClientRequestException");
    }

    static String escape(String v) {
        if (v == null) {
            return "null";
        }
        return v.replace("%", "%25").replace(" ", "%20").replace("\n", "%0A").replace("\r", "%0D");
    }
}
