package dev.warden.agent.access;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.record.DecisionRecorder;
import java.net.ConnectException;
import java.net.InetAddress;

/** A TCP connect, or a UDP connect when {@code datagram}; {@code claimedName}: the name the address was looked up by, or null. */
public record SocketConnect(InetAddress address, int port, String claimedName, boolean datagram)
        implements AccessRequest<ConnectException> {

    @Override
    public String kind() {
        return DecisionRecorder.EGRESS;
    }

    @Override
    public String action() {
        return "connect";
    }

    @Override
    public String target() {
        return AccessRequest.hostPort(claimedName != null ? claimedName : address.getHostAddress(), port);
    }

    @Override
    public String denied() {
        return "connect to " + Denials.target(address, port, claimedName);
    }

    @Override
    public ConnectException denial(String message) {
        return new ConnectException(message);
    }
}
