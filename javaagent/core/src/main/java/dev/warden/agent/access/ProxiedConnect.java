package dev.warden.agent.access;

import dev.warden.agent.apply.Denials;
import dev.warden.agent.record.DecisionRecorder;
import java.net.ConnectException;
import java.net.InetSocketAddress;

/**
 * A connection through a proxy: the destination the proxy is asked for (a name when it was not
 * resolved here), decided before the socket to {@code proxy} opens. {@code proxyKind} names the
 * handshake: {@code SOCKS}, or {@code HTTP} for a CONNECT.
 */
public record ProxiedConnect(InetSocketAddress destination, InetSocketAddress proxy, String proxyKind)
        implements AccessRequest<ConnectException> {

    public static final String SOCKS = "SOCKS";

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
        return proxyKind + " proxy " + proxyTarget();
    }

    @Override
    public String denied() {
        return "connect to " + target() + " through " + detail();
    }

    @Override
    public ConnectException denial(String message) {
        return new ConnectException(message);
    }

    /** The proxy as the app named it: its address, or the name a connect would still resolve. */
    public String proxyTarget() {
        return proxy.getAddress() != null ? Denials.target(proxy.getAddress(), proxy.getPort(), null)
                : AccessRequest.hostPort(proxy.getHostString(), proxy.getPort());
    }
}
