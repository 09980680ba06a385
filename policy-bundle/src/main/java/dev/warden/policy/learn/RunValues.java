package dev.warden.policy.learn;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a name that a program draws anew at every run: UUIDs (H2's
 * {@code jdbc:h2:mem:ff99f619-...}), long decimal numbers (Tomcat's {@code tomcat.8080.17631594838905135665},
 * {@code Files.createTempFile}'s random long, epoch timestamps) and long hexadecimal ones (hashes, random ids).
 * Each becomes a {@code *}, which matches within one path segment, so that a policy suggested from one run
 * allows the next; the text around it (a prefix, a port, a suffix) stays.
 */
final class RunValues {

    private static final Pattern RANDOM = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}"
                    + "|(?<![0-9A-Za-z])[0-9a-fA-F]{12,}(?![0-9A-Za-z])"
                    + "|[0-9]{8,}");

    private RunValues() {
    }

    /** {@code text} with every per-run value a {@code *}; a hexadecimal run counts only when it has digits. */
    static String generalise(String text) {
        Matcher matcher = RANDOM.matcher(text);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (matcher.find()) {
            String value = matcher.group();
            if (value.chars().noneMatch(Character::isDigit)) {
                continue; // a word such as "deadbeefcafe" without digits is more likely a name than a random value
            }
            out.append(text, last, matcher.start()).append('*');
            last = matcher.end();
        }
        return last == 0 ? text : out.append(text, last, text.length()).toString();
    }
}
