package dev.warden.policy;

/** A policy that cannot be read or is invalid; the message is one line naming source, line and reason. */
public final class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final String reason;

    /**
     * @param source the file or name the policy came from
     * @param line the 1-based line the problem is on, or 0 when not applicable
     * @param reason what is wrong; line breaks and other control characters are escaped to keep it one line
     */
    public PolicyException(String source, int line, String reason) {
        this.source = source;
        this.line = line;
        this.reason = oneLine(reason);
    }

    /** {@code <source>:<line>: <reason>}, or {@code <source>: <reason>} when there is no line. */
    @Override
    public String getMessage() {
        return line > 0 ? source + ":" + line + ": " + reason : source + ": " + reason;
    }

    public String source() {
        return source;
    }

    /** The 1-based line of the problem, or 0 when not applicable. */
    public int line() {
        return line;
    }

    public String reason() {
        return reason;
    }

    private static String oneLine(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.chars().forEach(c -> {
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
