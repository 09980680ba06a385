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
                i = SqlText.closingQuote(sql, i, '\'');
                out.append('?');
            } else if (c == '"' || c == '`') {
                int end = SqlText.closingQuote(sql, i, c);
                out.append(sql, i, end);
                i = end;
            } else if ((c == '-' && i + 1 < length && sql.charAt(i + 1) == '-')
                    || (c == '/' && i + 1 < length && sql.charAt(i + 1) == '*')) {
                i = SqlText.skipBlank(sql, i);
                out.append(' ');
            } else if (c == '$' && SqlText.dollarTagEnd(sql, i) > 0) {
                int tagEnd = SqlText.dollarTagEnd(sql, i);
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

}
