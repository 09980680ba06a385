package dev.warden.policy.decide;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What was worked out from a text (an SQL statement, a URL), kept so the same text is not worked on
 * again. Bounded: when full, an arbitrary entry makes room (apps send a small, fixed set of texts; one
 * that builds unique texts costs the work per call, never unbounded memory). Thread-safe; lookups take
 * no lock.
 */
public final class TextCache<V> {

    private final ConcurrentHashMap<String, V> values = new ConcurrentHashMap<>();
    private final int capacity;
    private final int longestKept;

    /** Keeps up to {@code capacity} texts of at most {@code longestKept} characters. */
    public TextCache(int capacity, int longestKept) {
        this.capacity = capacity;
        this.longestKept = longestKept;
    }

    /** What was kept for {@code text}, or null. */
    public V get(String text) {
        return values.get(text);
    }

    public void put(String text, V value) {
        if (text.length() > longestKept) {
            return;
        }
        if (values.size() >= capacity) {
            Iterator<String> any = values.keySet().iterator();
            if (any.hasNext()) {
                values.remove(any.next());
            }
        }
        values.put(text, value);
    }

    public int size() {
        return values.size();
    }
}
