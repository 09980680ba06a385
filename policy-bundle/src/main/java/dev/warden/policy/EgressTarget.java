package dev.warden.policy;

/** A parsed egress {@code to}: which hosts and which ports. */
public record EgressTarget(HostPattern host, PortRange ports) {
}
