package dev.warden.agent.apply.protect;

import java.util.Map;
import java.util.TreeMap;

/**
 * How many values of each detector one exchange redacted, tokenized or blocked, and how many tokens its response
 * restored: counts only, never the values. The request side and the response side run on different threads.
 */
public final class ProtectionCounts {

    public static final String REDACTED = "redacted";
    public static final String TOKENIZED = "tokenized";
    public static final String BLOCKED = "blocked";

    private final Map<String, Integer> counts = new TreeMap<>();
    private int restored;
    private int notRestored;

    synchronized void add(String detector, String what) {
        counts.merge(detector + '.' + what, 1, Integer::sum);
    }

    synchronized void restored() {
        restored++;
    }

    /** A token under a key this process does not hold, or one that does not authenticate: left as it is. */
    synchronized void notRestored() {
        notRestored++;
    }

    /** {@code detector.redacted} (and so on) to count, in name order. */
    public synchronized Map<String, Integer> byDetector() {
        return new TreeMap<>(counts);
    }

    public synchronized int restoredCount() {
        return restored;
    }

    public synchronized int notRestoredCount() {
        return notRestored;
    }

    public synchronized boolean isEmpty() {
        return counts.isEmpty() && restored == 0 && notRestored == 0;
    }

    /** {@code email.tokenized=2,secret.blocked=1}: the audit log's detail. */
    public synchronized String summary() {
        StringBuilder text = new StringBuilder();
        counts.forEach((name, count) -> text.append(text.length() == 0 ? "" : ",").append(name).append('=').append(count));
        if (restored > 0) {
            text.append(text.length() == 0 ? "" : ",").append("restored=").append(restored);
        }
        if (notRestored > 0) {
            text.append(text.length() == 0 ? "" : ",").append("not_restored=").append(notRestored);
        }
        return text.toString();
    }
}
