package dev.warden.agent.apply.protect;

import java.util.Locale;

/**
 * The detectors every policy may name in {@code protect:}: a regular expression that finds candidates and a check
 * that keeps only real values. Patterns are bounded (no nested unbounded repetition) so that no input backtracks
 * badly; the false-positive caveats of each are listed in {@code docs/data-protection.md}.
 */
enum BuiltInDetector {

    /** Keys and tokens of common providers, and PEM private key blocks. First: a key may contain digits or {@code @}. */
    SECRET("secret", "(?<![A-Za-z0-9_-])(?:"
            + "sk-ant-[A-Za-z0-9_-]{20,200}"
            + "|sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,200}"
            + "|(?:AKIA|ASIA)[0-9A-Z]{16}"
            + "|gh[pousr]_[A-Za-z0-9]{36,255}"
            + "|github_pat_[A-Za-z0-9_]{22,255}"
            + "|eyJ[A-Za-z0-9_-]{8,4000}\\.eyJ[A-Za-z0-9_-]{8,8000}\\.[A-Za-z0-9_-]{8,4000}"
            + ")(?![A-Za-z0-9_-])"
            + "|-----BEGIN (?:[A-Z0-9]{1,10} ){0,3}PRIVATE KEY-----[A-Za-z0-9+/=\\s:,-]{1,16384}?-----END (?:[A-Z0-9]{1,10} ){0,3}PRIVATE KEY-----"),
    EMAIL("email", "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]{1,64}@(?:[A-Za-z0-9-]{1,63}\\.){1,8}[A-Za-z]{2,24}(?![A-Za-z0-9-])"),
    IBAN("iban", "(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,3})?(?![A-Za-z0-9])"),
    PAYMENT_CARD("payment_card", "(?<![0-9][ -]?)[0-9](?:[ -]?[0-9]){12,18}(?![ -]?[0-9])"),
    US_SSN("us_ssn", "(?<![0-9-])[0-9]{3}-[0-9]{2}-[0-9]{4}(?![0-9-])"),
    /** E.164 ({@code +} and 8-15 digits, single spaces, dots or dashes between groups) and NANP with separators. */
    PHONE("phone", "(?<![0-9A-Za-z+])(?:\\+[1-9][0-9]{0,3}(?:[ .-]?\\(?[0-9]{1,5}\\)?){2,6}"
            + "|\\(?[2-9][0-9]{2}\\)?[ .-][2-9][0-9]{2}[ .-][0-9]{4})(?![0-9])");

    private final String policyName;
    private final String pattern;

    BuiltInDetector(String policyName, String pattern) {
        this.policyName = policyName;
        this.pattern = pattern;
    }

    String policyName() {
        return policyName;
    }

    String pattern() {
        return pattern;
    }

    /** Whether a candidate the pattern found is a real value of this kind. */
    boolean accepts(String candidate) {
        switch (this) {
            case PAYMENT_CARD:
                return consistentSeparators(candidate) && Checksums.paymentCard(Checksums.digitsOf(candidate));
            case IBAN:
                return Checksums.iban(candidate.replace(" ", "").toUpperCase(Locale.ROOT));
            case US_SSN:
                return Checksums.usSsn(Checksums.digitsOf(candidate));
            case PHONE:
                return Checksums.phone(Checksums.digitsOf(candidate));
            default:
                return true;
        }
    }

    /** {@code 4111 1111-1111 1111} mixes separators: more likely two numbers side by side than one card. */
    private static boolean consistentSeparators(String candidate) {
        return candidate.indexOf(' ') < 0 || candidate.indexOf('-') < 0;
    }

    static BuiltInDetector named(String policyName) {
        for (BuiltInDetector detector : values()) {
            if (detector.policyName.equals(policyName)) {
                return detector;
            }
        }
        return null;
    }
}
