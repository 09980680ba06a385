package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;

/**
 * A plaintext file in an encryption zone whose {@code legacy_plaintext: read} let the app read it as it
 * is: recorded (never denied) so that an operator finds what remains to encrypt. A file read like any
 * other ({@code read}, so policy learning counts it as a read), its detail {@value #DETAIL}.
 */
public record LegacyPlaintextRead(String path, String canonicalPath) implements AccessRequest<DeniedMessage> {

    /** The audit record's detail, what an operator greps for. */
    public static final String DETAIL = "legacy-plaintext";

    @Override
    public String kind() {
        return DecisionRecorder.FILE;
    }

    @Override
    public String action() {
        return "read";
    }

    @Override
    public String target() {
        return canonicalPath;
    }

    @Override
    public String detail() {
        return DETAIL;
    }

    /** The open that preceded it was watched already. */
    @Override
    public String watchKey() {
        return null;
    }

    @Override
    public String denied() {
        return "legacy plaintext read of " + (path.equals(canonicalPath) ? path : path + " (" + canonicalPath + ")");
    }

    @Override
    public DeniedMessage denial(String message) {
        return new DeniedMessage(message);
    }
}
