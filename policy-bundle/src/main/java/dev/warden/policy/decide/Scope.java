package dev.warden.policy.decide;

import java.util.Arrays;
import java.util.Map;

import dev.warden.policy.FileAccess;
import dev.warden.policy.PolicySection;

/**
 * The segments that apply to one access (a tool's, a code origin's, or both): an access in scope is
 * allowed only when the global rules and every one of these segments allow it. Built once per
 * tool name and per code segment at compile time; {@link #and} combines a tool's and a code origin's.
 */
public final class Scope {

    private final SegmentRules[] segments;
    private final String label;

    Scope(SegmentRules[] segments) {
        this.segments = segments.clone();
        StringBuilder text = new StringBuilder();
        for (SegmentRules segment : segments) {
            text.append(text.length() == 0 ? "" : ", ").append(segment.label());
        }
        this.label = text.toString();
    }

    /** What the scope is, for denials and spans: {@code tool fetch_url}, {@code tool a, code com.x.**}. */
    public String label() {
        return label;
    }

    /** Both scopes' segments: an access must satisfy all of them. */
    public Scope and(Scope other) {
        if (other == null || other == this || includes(other)) {
            return this;
        }
        SegmentRules[] both = Arrays.copyOf(segments, segments.length + other.segments.length);
        System.arraycopy(other.segments, 0, both, segments.length, other.segments.length);
        return new Scope(both);
    }

    /** Whether every segment of {@code other} is one of this scope's: adding it would change nothing. */
    public boolean includes(Scope other) {
        for (SegmentRules wanted : other.segments) {
            if (!holds(wanted)) {
                return false;
            }
        }
        return true;
    }

    private boolean holds(SegmentRules wanted) {
        for (SegmentRules segment : segments) {
            if (segment == wanted) {
                return true;
            }
        }
        return false;
    }

    Verdict decideHttp(String scheme, String host, int port, String method, String path) {
        for (SegmentRules segment : segments) {
            Verdict denied = segment.decideHttp(scheme, host, port, method, path);
            if (denied != null) {
                return denied;
            }
        }
        return null;
    }

    /**
     * Null when every segment allows the socket; a segment's allowing verdict when one allows it
     * at URL level only (and none denies); else the first denial.
     */
    Verdict decideHostPort(String host, int port) {
        Verdict urlLevelOnly = null;
        for (SegmentRules segment : segments) {
            Verdict verdict = segment.decideHostPort(host, port);
            if (verdict != null && !verdict.allowed()) {
                return verdict;
            }
            urlLevelOnly = urlLevelOnly != null ? urlLevelOnly : verdict;
        }
        return urlLevelOnly;
    }

    /** As {@link #decideHostPort}, by address. */
    Verdict decideAddress(byte[] ip, int port) {
        Verdict urlLevelOnly = null;
        for (SegmentRules segment : segments) {
            Verdict verdict = segment.decideAddress(ip, port);
            if (verdict != null && !verdict.allowed()) {
                return verdict;
            }
            urlLevelOnly = urlLevelOnly != null ? urlLevelOnly : verdict;
        }
        return urlLevelOnly;
    }

    Verdict decideLookup(String host) {
        for (SegmentRules segment : segments) {
            Verdict denied = segment.decideLookup(host);
            if (denied != null) {
                return denied;
            }
        }
        return null;
    }

    Verdict decideFile(String canonicalPath, FileAccess access) {
        for (SegmentRules segment : segments) {
            Verdict denied = segment.decideFile(canonicalPath, access);
            if (denied != null) {
                return denied;
            }
        }
        return null;
    }

    /** {@code question} asked of every segment that narrows {@code section}. */
    <M, A> Verdict decide(PolicySection<?, M> section, SectionQuestion<M, A> question, A access) {
        for (SegmentRules segment : segments) {
            Verdict denied = segment.decide(section, question, access);
            if (denied != null) {
                return denied;
            }
        }
        return null;
    }

    Verdict decideDatabase(String url, Map<?, ?> properties, SqlAnalysis sql) {
        for (SegmentRules segment : segments) {
            Verdict denied = segment.decideDatabase(url, properties, sql);
            if (denied != null) {
                return denied;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return label;
    }
}
