package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;
import java.net.UnknownHostException;

/** A DNS lookup of a name. */
public record HostLookup(String host) implements AccessRequest<UnknownHostException> {

    @Override
    public String kind() {
        return DecisionRecorder.EGRESS;
    }

    @Override
    public String action() {
        return "resolve";
    }

    @Override
    public String target() {
        return host;
    }

    @Override
    public String denied() {
        return "DNS lookup of " + host;
    }

    @Override
    public UnknownHostException denial(String message) {
        return new UnknownHostException(message);
    }
}
