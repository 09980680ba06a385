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
 * rule names (built-in and custom) are joined into one alternation, each in a named group, so a single
 * {@link Matcher#find()} loop visits the text once. At one position the first detector in the alternation wins:
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

    private ValueScanner(Pattern combined, String[] detectorNames, ProtectAction[] actions, BuiltInDetector[] builtIns) {
        this.combined = combined;
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
        Matcher matcher = combined.matcher(text);
        StringBuilder out = null;
        int copied = 0;
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
        if (out == null) {
            return text;
        }
        return out.append(text, copied, text.length()).toString();
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
