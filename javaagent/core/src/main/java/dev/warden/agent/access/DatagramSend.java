package dev.warden.agent.access;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.record.DecisionRecorder;
import java.net.InetAddress;
import java.net.SocketException;

/** A datagram sent on an unconnected channel; {@code hostName}: the destination as the app named it. */
public record DatagramSend(InetAddress address, int port, String hostName) implements AccessRequest<SocketException> {

    @Override
    public String kind() {
        return DecisionRecorder.EGRESS;
    }

    @Override
    public String action() {
        return "send";
    }

    @Override
    public String target() {
        return AccessRequest.hostPort(hostName, port);
    }

    @Override
    public String denied() {
        return "UDP send to " + Denials.target(address, port, null);
    }

    @Override
    public SocketException denial(String message) {
        return new SocketException(message);
    }
}
