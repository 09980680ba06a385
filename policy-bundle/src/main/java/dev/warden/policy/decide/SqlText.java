package dev.warden.policy.decide;

/** Small lexical helpers over SQL text: blanks and comments, keywords, quoted names, parentheses. */
final class SqlText {

    private SqlText() {
    }

    /** The index of the first character at or after {@code from} that is neither blank nor in a comment. */
    static int skipBlank(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < sql.length() && sql.charAt(i + 1) == '-') {
                int newline = sql.indexOf('\n', i);
                i = newline < 0 ? sql.length() : newline + 1;
            } else if (c == '/' && i + 1 < sql.length() && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? sql.length() : close + 2;
            } else {
                return i;
            }
        }
        return i;
    }

    /** Whether the word {@code keyword} (lower case) stands at {@code at}, not as the prefix of a longer word. */
    static boolean keywordAt(String sql, int at, String keyword) {
        int end = at + keyword.length();
        return end <= sql.length() && sql.regionMatches(true, at, keyword, 0, keyword.length())
                && (end == sql.length() || !isNamePart(sql.charAt(end)));
    }

    /** The index after the quote closing the one at {@code open}; a doubled quote inside stays inside. */
    static int closingQuote(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    /**
     * For a PostgreSQL dollar quote ({@code $$}, {@code $body$}) starting at {@code at}: the index
     * after its tag; 0 when none starts there (a {@code $} inside a name, as in {@code a$b}, is none).
     */
    static int dollarTagEnd(String sql, int at) {
        if (at > 0 && isNamePart(sql.charAt(at - 1))) {
            return 0;
        }
        int i = at + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : 0;
    }

    /** The end of a possibly quoted, dot-qualified name starting at {@code from}. */
    static int qualifiedNameEnd(String sql, int from) {
        int i = from;
        while (i < sql.length()) {
            char c = sql.charAt(i);
            if (c == '"' || c == '`') {
                int close = sql.indexOf(c, i + 1);
                if (close < 0) {
                    return from;
                }
                i = close + 1;
            } else if (isNamePart(c) || c == '.') {
                i++;
            } else {
                break;
            }
        }
        return i;
    }

    /** The index of the parenthesis closing the one at {@code open}, skipping quoted text; -1 if none. */
    static int matchingParen(String sql, int open) {
        int depth = 0;
        for (int i = open; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (c == '\'' || c == '"') {
                int close = sql.indexOf(c, i + 1);
                if (close < 0) {
                    return -1;
                }
                i = close;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        return -1;
    }

    static boolean isNamePart(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$';
    }
}
