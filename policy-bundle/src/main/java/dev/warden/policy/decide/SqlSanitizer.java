package dev.warden.policy.decide;

/**
 * The query text a span may carry ({@code db.query.text}): string, number and dollar-quoted
 * literals become {@code ?}, comments go, quoted identifiers and everything else stay.
 */
public final class SqlSanitizer {

    private SqlSanitizer() {
    }

    public static String sanitise(String sql) {
        StringBuilder out = new StringBuilder(sql.length());
        int i = 0;
        int length = sql.length();
        while (i < length) {
            char c = sql.charAt(i);
            if (c == '\'') {
                i = skipQuoted(sql, i, '\'');
                out.append('?');
            } else if (c == '"' || c == '`') {
                int end = skipQuoted(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if ((c == '-' && i + 1 < length && sql.charAt(i + 1) == '-')
                    || (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*')) {
                i = SqlText.skipBlank(sql, i);
                out.append(' ');
            } else if (c == '$' && dollarTagEnd(sql, i) > 0) {
                int tagEnd = dollarTagEnd(sql, i);
                String tag = sql.substring(i, tagEnd);
                int close = sql.indexOf(tag, tagEnd);
                i = close < 0 ? length : close + tag.length();
                out.append('?');
            } else if (Character.isDigit(c) && (i == 0 || !SqlText.isNamePart(sql.charAt(i - 1)))) {
                while (i < length && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
                    i++;
                }
                out.append('?');
            } else if (SqlText.isNamePart(c)) {
                int start = i;
                while (i < length && SqlText.isNamePart(sql.charAt(i))) {
                    i++;
                }
                out.append(sql, start, i);
            } else {
                out.append(c);
                i++;
            }
        }
        return out.toString().trim();
    }

    /** The index after the closing quote; a doubled quote inside is part of the literal. */
    private static int skipQuoted(String sql, int open, char quote) {
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

    /** For {@code $tag$} or {@code $$} at {@code at}: the index after the tag; 0 when none starts there. */
    private static int dollarTagEnd(String sql, int at) {
        int i = at + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        return i < sql.length() && sql.charAt(i) == '$' ? i + 1 : 0;
    }
}
