package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;

/**
 * A reach into Warden: {@code reflect} on its classes, {@code redefine} or {@code retransform} them or
 * the JDK classes carrying its checks. {@code attempt} says who tried what.
 */
public record SelfProtectionAttempt(String action, String target, String attempt) implements AccessRequest<DeniedMessage> {

    @Override
    public String kind() {
        return DecisionRecorder.SELF_PROTECTION;
    }

    @Override
    public String detail() {
        return attempt;
    }

    @Override
    public String watchKey() {
        return null;
    }

    @Override
    public String denied() {
        return attempt;
    }

    @Override
    public DeniedMessage denial(String message) {
        return new DeniedMessage(message);
    }
}
