package dev.warden.policy.decide;

/**
 * Spots request paths whose meaning a server may change before routing, so that a path glob never
 * allows them: a {@code .} or {@code ..} segment (also as {@code ..;params}), a backslash, or a
 * percent-escaped {@code .}, {@code /} or {@code \}. Such a path could match {@code /public/*}
 * while the server serves {@code /admin}.
 */
final class HttpPaths {

    private HttpPaths() {
    }

    static boolean isAmbiguous(String path) {
        int length = path.length();
        int segmentStart = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? path.charAt(i) : '/';
            if (c == '/') {
                if (isDotSegment(path, segmentStart, i)) {
                    return true;
                }
                segmentStart = i + 1;
            } else if (c == '\\') {
                return true;
            } else if (c == '%' && i + 2 < length && isPathSyntaxEscape(path.charAt(i + 1), path.charAt(i + 2))) {
                return true;
            }
        }
        return false;
    }

    /** "." or ".." once any ";params" are cut off. */
    private static boolean isDotSegment(String path, int from, int to) {
        int end = from;
        while (end < to && path.charAt(end) != ';') {
            end++;
        }
        int dots = end - from;
        return (dots == 1 || dots == 2) && path.charAt(from) == '.' && path.charAt(end - 1) == '.';
    }

    /** %2E, %2F, %5C in either case. */
    private static boolean isPathSyntaxEscape(char high, char low) {
        char lowUpper = Character.toUpperCase(low);
        return high == '2' && (lowUpper == 'E' || lowUpper == 'F') || high == '5' && lowUpper == 'C';
    }
}
