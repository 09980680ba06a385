package dev.warden.policy.decide;

/** Analyses by SQL text, so a statement sent again is not parsed again ({@link TextCache}). */
public final class SqlAnalysisCache {

    /** Texts longer than this are analysed every time rather than kept. */
    private static final int LONGEST_KEPT = 16 * 1024;

    private final TextCache<SqlAnalysis> analyses;

    public SqlAnalysisCache(int capacity) {
        this.analyses = new TextCache<>(capacity, LONGEST_KEPT);
    }

    public SqlAnalysis analyze(String sql) {
        SqlAnalysis known = analyses.get(sql);
        if (known != null) {
            return known;
        }
        SqlAnalysis analysis = SqlAnalyzer.analyze(sql);
        analyses.put(sql, analysis);
        return analysis;
    }

    public int size() {
        return analyses.size();
    }
}
