package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;
import dev.warden.policy.decide.JdbcTarget;

/** A JDBC connection a driver is asked to open. */
public record DatabaseConnect(JdbcTarget database) implements AccessRequest<DeniedMessage> {

    @Override
    public String kind() {
        return DecisionRecorder.DATABASE;
    }

    @Override
    public String action() {
        return "connect";
    }

    @Override
    public String target() {
        return database.url();
    }

    @Override
    public String denied() {
        return "connect to database " + database.url();
    }

    @Override
    public DeniedMessage denial(String message) {
        return new DeniedMessage(message);
    }
}
