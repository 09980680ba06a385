package dev.warden.agent.access;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.record.DecisionRecorder;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * A connection through a SOCKS proxy: the destination the proxy is asked for (a name when it was
 * not resolved here), decided before the socket to the proxy at {@code proxy:proxyPort} opens.
 */
public record ProxiedConnect(InetSocketAddress destination, InetAddress proxy, int proxyPort)
        implements AccessRequest<ConnectException> {

    @Override
    public String kind() {
        return DecisionRecorder.EGRESS;
    }

    @Override
    public String action() {
        return "connect via proxy";
    }

    @Override
    public String target() {
        return AccessRequest.hostPort(destination.getHostString(), destination.getPort());
    }

    @Override
    public String detail() {
        return "SOCKS proxy " + Denials.target(proxy, proxyPort, null);
    }

    @Override
    public String denied() {
        return "connect to " + target() + " through SOCKS proxy " + Denials.target(proxy, proxyPort, null);
    }

    @Override
    public ConnectException denial(String message) {
        return new ConnectException(message);
    }
}
