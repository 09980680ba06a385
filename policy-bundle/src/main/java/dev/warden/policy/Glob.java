package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * A compiled glob over separator-delimited text: URL paths and file paths ({@code /}), package
 * names ({@code .}).
 *
 * <p>The pattern is split at the separator into segments. A segment that is exactly {@code **}
 * matches zero or more whole segments, so {@code /data/**} matches {@code /data},
 * {@code /data/} and {@code /data/a/b}. Inside any other segment {@code *} matches zero or more
 * characters of that one segment. Every other character matches itself (case-sensitive).
 * Matching is linear in practice, never backtracks across more than the last {@code **}, and
 * allocates nothing.
 */
public final class Glob {

    private static final String ANY_SEGMENTS = "**";

    private final String pattern;
    private final char separator;
    private final String[] segments;
    /** For a literal prefix and a last {@code **} ({@code /srv/data/**}, the common rule): that prefix, matched as one; else null. */
    private final String literalPrefix;

    private Glob(String pattern, char separator, String[] segments) {
        this.pattern = pattern;
        this.separator = separator;
        this.segments = segments;
        String anyBelow = separator + ANY_SEGMENTS;
        this.literalPrefix = pattern.endsWith(anyBelow) && pattern.indexOf('*') == pattern.length() - 2
                ? pattern.substring(0, pattern.length() - anyBelow.length()) : null;
    }

    /**
     * Compiles {@code pattern}.
     *
     * @throws IllegalArgumentException if the pattern is empty or uses {@code **} inside a segment
     */
    public static Glob compile(String pattern, char separator) {
        if (pattern.isEmpty()) {
            throw new IllegalArgumentException("empty pattern");
        }
        List<String> segments = new ArrayList<>();
        int start = 0;
        while (true) {
            int end = pattern.indexOf(separator, start);
            String segment = pattern.substring(start, end < 0 ? pattern.length() : end);
            if (segment.contains(ANY_SEGMENTS) && !segment.equals(ANY_SEGMENTS)) {
                throw new IllegalArgumentException("'**' must be a whole segment between '" + separator + "'s, found '"
                        + segment + "'");
            }
            // Interned so that matching can test for '**' by identity.
            segments.add(segment.equals(ANY_SEGMENTS) ? ANY_SEGMENTS : segment);
            if (end < 0) {
                break;
            }
            start = end + 1;
        }
        return new Glob(pattern, separator, segments.toArray(new String[0]));
    }

    public String pattern() {
        return pattern;
    }

    /** Whether the whole of {@code text} matches. */
    public boolean matches(CharSequence text) {
        int length = text.length();
        if (literalPrefix != null) {
            return startsWithPrefix(text) && (length == literalPrefix.length() || text.charAt(literalPrefix.length()) == separator);
        }
        int segment = 0;
        int textStart = 0; // start of the current text segment; length + 1 once all are consumed
        int retrySegment = -1;
        int retryTextStart = -1;
        while (textStart <= length) {
            int textEnd = segmentEnd(text, textStart);
            if (segment < segments.length && segments[segment] == ANY_SEGMENTS) {
                retrySegment = segment++;
                retryTextStart = textStart;
            } else if (segment < segments.length && segmentMatches(segments[segment], text, textStart, textEnd)) {
                segment++;
                textStart = textEnd + 1;
            } else if (retrySegment >= 0) {
                // Let the last '**' swallow one more text segment and try again from there.
                segment = retrySegment + 1;
                retryTextStart = segmentEnd(text, retryTextStart) + 1;
                textStart = retryTextStart;
            } else {
                return false;
            }
        }
        while (segment < segments.length && segments[segment] == ANY_SEGMENTS) {
            segment++;
        }
        return segment == segments.length;
    }

    private boolean startsWithPrefix(CharSequence text) {
        int prefixLength = literalPrefix.length();
        if (text.length() < prefixLength) {
            return false;
        }
        for (int i = 0; i < prefixLength; i++) {
            if (text.charAt(i) != literalPrefix.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private int segmentEnd(CharSequence text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            if (text.charAt(i) == separator) {
                return i;
            }
        }
        return length;
    }

    /** Single-segment match where '*' spans any characters of the segment. */
    private static boolean segmentMatches(String pattern, CharSequence text, int from, int to) {
        int p = 0;
        int t = from;
        int starP = -1;
        int starT = -1;
        int patternLength = pattern.length();
        while (t < to) {
            char c = p < patternLength ? pattern.charAt(p) : 0;
            if (p < patternLength && c != '*' && c == text.charAt(t)) {
                p++;
                t++;
            } else if (p < patternLength && c == '*') {
                starP = p++;
                starT = t;
            } else if (starP >= 0) {
                p = starP + 1;
                t = ++starT;
            } else {
                return false;
            }
        }
        while (p < patternLength && pattern.charAt(p) == '*') {
            p++;
        }
        return p == patternLength;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Glob glob && glob.pattern.equals(pattern) && glob.separator == separator;
    }

    @Override
    public int hashCode() {
        return pattern.hashCode() * 31 + separator;
    }

    @Override
    public String toString() {
        return pattern;
    }
}
