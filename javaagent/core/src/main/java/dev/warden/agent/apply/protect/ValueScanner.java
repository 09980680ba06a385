package dev.warden.agent.apply.protect;

import dev.warden.policy.Detector;
import dev.warden.policy.ProtectAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the sensitive values one egress rule protects, in one pass over a text: the patterns of every detector the
 * rule names (built-in and custom) are joined into one alternation, each in a named group, and one pass of cheap
 * character tests picks the stretches where a built-in value can be (around digits, {@code @} and secret prefixes);
 * only those go through the {@link Matcher#find()} loop (the whole text when a custom detector acts). At one position the first detector in the alternation wins:
 * secrets, e-mail, IBAN, card, SSN, phone, then custom detectors in policy order. Detectors set to {@code allow}
 * are left out.
 */
public final class ValueScanner {

    /** What to do with one value found. */
    public interface ValueAction {
        /** The replacement text, or throws when the value must not leave. */
        String replace(String detector, ProtectAction action, String value) throws ValueBlocked;
    }

    private final Pattern combined;
    private final String[] detectorNames;
    private final ProtectAction[] actions;
    private final BuiltInDetector[] builtIns;
    private final String[] groupNames;
    /** What can start a value of the acting detectors; a custom detector can start anywhere: the whole text is scanned. */
    private final boolean digits;
    private final boolean at;
    private final boolean secrets;
    private final boolean wholeText;
    private static final int LOOK_BEHIND = 80;
    private static final int LOOK_AHEAD = 80;

    private ValueScanner(Pattern combined, String[] detectorNames, ProtectAction[] actions, BuiltInDetector[] builtIns) {
        this.combined = combined;
        boolean anyDigits = false;
        boolean anyAt = false;
        boolean anySecret = false;
        boolean anyCustom = false;
        for (BuiltInDetector builtIn : builtIns) {
            if (builtIn == null) {
                anyCustom = true;
            } else if (builtIn == BuiltInDetector.EMAIL) {
                anyAt = true;
            } else if (builtIn == BuiltInDetector.SECRET) {
                anySecret = true;
            } else {
                anyDigits = true;
            }
        }
        this.digits = anyDigits;
        this.at = anyAt;
        this.secrets = anySecret;
        this.wholeText = anyCustom;
        this.groupNames = new String[detectorNames.length];
        for (int i = 0; i < groupNames.length; i++) {
            groupNames[i] = "wd" + i;
        }
        this.detectorNames = detectorNames;
        this.actions = actions;
        this.builtIns = builtIns;
    }

    /**
     * The scanner for one rule's {@code protect:} map, or null when it names no detector that acts.
     *
     * @param custom the policy's {@code detectors:}; every name in {@code protect} not built in must be one of them
     */
    public static ValueScanner compile(Map<String, ProtectAction> protect, List<Detector> custom) {
        List<String> names = new ArrayList<>();
        List<ProtectAction> acting = new ArrayList<>();
        List<BuiltInDetector> kinds = new ArrayList<>();
        List<String> patterns = new ArrayList<>();
        for (BuiltInDetector builtIn : BuiltInDetector.values()) {
            ProtectAction action = protect.get(builtIn.policyName());
            if (action != null && action != ProtectAction.ALLOW) {
                names.add(builtIn.policyName());
                acting.add(action);
                kinds.add(builtIn);
                patterns.add(builtIn.pattern());
            }
        }
        for (Detector detector : custom) {
            ProtectAction action = protect.get(detector.name());
            if (action != null && action != ProtectAction.ALLOW && BuiltInDetector.named(detector.name()) == null) {
                names.add(detector.name());
                acting.add(action);
                kinds.add(null);
                patterns.add(detector.pattern());
            }
        }
        if (names.isEmpty()) {
            return null;
        }
        StringBuilder alternation = new StringBuilder();
        for (int i = 0; i < patterns.size(); i++) {
            alternation.append(i == 0 ? "" : "|").append("(?<wd").append(i).append(">").append(patterns.get(i)).append(')');
        }
        return new ValueScanner(Pattern.compile(alternation.toString()), names.toArray(new String[0]),
                acting.toArray(new ProtectAction[0]), kinds.toArray(new BuiltInDetector[0]));
    }

    /** The text with every value found replaced as {@code action} says; the same instance when nothing was found. */
    public String apply(String text, ValueAction action) throws ValueBlocked {
        Matcher matcher = combined.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        StringBuilder out = null;
        int copied = 0;
        int from = 0;
        while (from < text.length()) {
            long region = wholeText ? region(0, text.length()) : nextRegion(text, from);
            if (region < 0) {
                break;
            }
            int regionEnd = (int) region;
            matcher.region((int) (region >>> 32), regionEnd);
            while (matcher.find()) {
                int detector = detectorOf(matcher);
                String value = matcher.group();
                BuiltInDetector builtIn = builtIns[detector];
                if (value.isEmpty() || (builtIn != null && !builtIn.accepts(value))) {
                    continue;
                }
                String replacement = action.replace(detectorNames[detector], actions[detector], value);
                if (out == null) {
                    out = new StringBuilder(text.length() + 64);
                }
                out.append(text, copied, matcher.start()).append(replacement);
                copied = matcher.end();
            }
            from = regionEnd;
        }
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
    }

    /**
     * The next stretch of text the patterns must look at, from {@code from} on: around the next character that can
     * begin or anchor a value of an acting detector (a digit, {@code @}, a secret's prefix), {@value #LOOK_BEHIND}
     * characters before it and up to the end of its run of non-blank characters, at least {@value #LOOK_AHEAD} after
     * it (a card or phone number has blanks inside). Prose without such characters costs one pass of character tests
     * and no regular-expression work. Encoded as {@code start << 32 | end}; -1 when there is none.
     */
    private long nextRegion(String text, int from) {
        int length = text.length();
        for (int i = from; i < length; i++) {
            char c = text.charAt(i);
            boolean trigger = (digits && c >= '0' && c <= '9') || (at && c == '@') || (secrets && secretAt(text, i, c));
            if (trigger) {
                int start = Math.max(from == 0 ? 0 : from, i - LOOK_BEHIND);
                int end = Math.min(length, i + LOOK_AHEAD);
                if (secrets && text.startsWith("-----BEGIN", i)) {
                    int pemEnd = text.indexOf("-----END", i);
                    end = pemEnd < 0 ? length : Math.min(length, Math.max(end, pemEnd + LOOK_AHEAD));
                }
                while (end < length && !Character.isWhitespace(text.charAt(end))) {
                    end++;
                }
                return region(start, end);
            }
        }
        return -1;
    }

    private static boolean secretAt(String text, int i, char c) {
        switch (c) {
            case 's': return text.startsWith("sk-", i);
            case 'A': return text.startsWith("AKIA", i) || text.startsWith("ASIA", i);
            case 'g': return text.startsWith("gh", i) || text.startsWith("github_pat_", i);
            case 'e': return text.startsWith("eyJ", i);
            case '-': return text.startsWith("-----BEGIN", i);
            default: return false;
        }
    }

    private static long region(int start, int end) {
        return ((long) start << 32) | end;
    }

    private int detectorOf(Matcher matcher) {
        for (int i = 0; i < detectorNames.length; i++) {
            if (matcher.start(groupNames[i]) >= 0) {
                return i;
            }
        }
        throw new IllegalStateException("a match without a detector group");
    }
}
