package dev.warden.bundle;

/**
 * A bundle, key, trust directory or state that is refused. {@link #problem()} says which kind of
 * problem for code; {@link #reason()} is the one-line text for people.
 */
public final class BundleException extends Exception {

    private static final long serialVersionUID = 1L;

    /** What went wrong, for code that reacts differently to different refusals. */
    public enum Problem {
        /** The file cannot be read or written, or is not a zip archive. */
        IO,
        /** Archive larger than its limits: size, number of entries, uncompressed bytes (zip bombs). */
        TOO_LARGE,
        /** An entry name that is absolute, has a backslash, a {@code ..} or other unsafe segment. */
        UNSAFE_ENTRY,
        /** The same entry name twice. */
        DUPLICATE_ENTRY,
        /** An entry the manifest does not list. */
        UNLISTED_FILE,
        /** A file the manifest lists that is not in the archive. */
        MISSING_FILE,
        /** A file whose SHA-256 differs from the manifest's. */
        HASH_MISMATCH,
        /** The manifest is absent or does not parse. */
        BAD_MANIFEST,
        /** The policy file does not parse. */
        BAD_POLICY,
        /** No signature at all. */
        UNSIGNED,
        /** Signed only by keys the trust directory does not hold. */
        UNTRUSTED_KEY,
        /** Signed by a key the trust directory revokes. */
        REVOKED_KEY,
        /** A signature by a trusted key that does not verify (manifest or signature altered). */
        BAD_SIGNATURE,
        /** Fewer valid signatures from distinct trusted keys than the trust threshold. */
        THRESHOLD_NOT_MET,
        /** The bundle's expiry is in the past. */
        EXPIRED,
        /** A lower revision than the accepted one, or the same revision with other content. */
        ROLLBACK,
        /** A key file or trust directory that cannot be used. */
        BAD_KEY,
        /** Input to build or sign that cannot make a valid bundle. */
        BAD_INPUT
    }

    private final Problem problem;
    private final String source;
    private final String reason;

    /**
     * @param problem the kind of problem
     * @param source the file concerned (bundle, key, directory), shown before the reason
     * @param reason one line saying what is wrong; control characters are escaped
     */
    public BundleException(Problem problem, String source, String reason) {
        this(problem, source, reason, null);
    }

    public BundleException(Problem problem, String source, String reason, Throwable cause) {
        super(cause);
        this.problem = problem;
        this.source = source;
        this.reason = oneLine(reason);
    }

    public Problem problem() {
        return problem;
    }

    /** The file concerned, as given. */
    public String source() {
        return source;
    }

    /** One line saying what is wrong, without the source. */
    public String reason() {
        return reason;
    }

    /** {@code <source>: <reason>}. */
    @Override
    public String getMessage() {
        return source == null ? reason : source + ": " + reason;
    }

    static String oneLine(String text) {
        String value = text == null ? "unknown error" : text;
        StringBuilder escaped = new StringBuilder(value.length());
        value.chars().forEach(c -> {
            if (c == '\n') {
                escaped.append("\\n");
            } else if (Character.isISOControl(c)) {
                escaped.append(String.format("\\u%04x", c));
            } else {
                escaped.append((char) c);
            }
        });
        return escaped.toString();
    }
}
