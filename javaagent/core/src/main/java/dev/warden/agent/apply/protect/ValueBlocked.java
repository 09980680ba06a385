package dev.warden.agent.apply.protect;

/** A value of a detector whose action is {@code block}: the whole request is refused. */
public final class ValueBlocked extends Exception {

    private static final long serialVersionUID = 1L;
    private final String detector;

    public ValueBlocked(String detector) {
        super("the request carries a value of detector " + detector, null, false, false);
        this.detector = detector;
    }

    public String detector() {
        return detector;
    }
}
