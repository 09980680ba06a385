package dev.warden.policy.decide;

import java.util.Iterator;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Analyses by SQL text, so a statement sent again is not parsed again. Bounded: when full, an
 * arbitrary entry makes room (apps send a small, fixed set of texts; one that builds unique texts
 * costs a parse per call, never unbounded memory). Thread-safe; lookups take no lock.
 */
public final class SqlAnalysisCache {

    /** Texts longer than this are analysed every time rather than kept. */
    private static final int LONGEST_KEPT = 16 * 1024;

    private final ConcurrentHashMap<String, SqlAnalysis> analyses = new ConcurrentHashMap<>();
    private final int capacity;

    public SqlAnalysisCache(int capacity) {
        this.capacity = capacity;
    }

    public SqlAnalysis analyze(String sql) {
        SqlAnalysis known = analyses.get(sql);
        if (known != null) {
            return known;
        }
        SqlAnalysis analysis = SqlAnalyzer.analyze(sql);
        if (sql.length() <= LONGEST_KEPT) {
            if (analyses.size() >= capacity) {
                Iterator<String> any = analyses.keySet().iterator();
                if (any.hasNext()) {
                    analyses.remove(any.next());
                }
            }
            analyses.put(sql, analysis);
        }
        return analysis;
    }

    public int size() {
        return analyses.size();
    }
}
