package dev.warden.agent.access;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.record.DecisionRecorder;
import java.net.InetAddress;
import java.net.SocketException;

/** Bytes written to a connected socket, decided against the destination rule's bytes-out budget. */
public record SocketWrite(InetAddress address, int port) implements AccessRequest<SocketException> {

    @Override
    public String kind() {
        return DecisionRecorder.EGRESS;
    }

    @Override
    public String action() {
        return "write";
    }

    @Override
    public String target() {
        return AccessRequest.hostPort(address.getHostAddress(), port);
    }

    @Override
    public String denied() {
        return "sending to " + Denials.target(address, port, EgressDecider.claimedName(address));
    }

    @Override
    public SocketException denial(String message) {
        return new SocketException(message);
    }
}
