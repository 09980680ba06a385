package dev.warden.agent.access;

import dev.warden.agent.record.DecisionRecorder;

/** A TLS handshake whose negotiated version is below {@code tls_min_version}; {@code reason} says by how much. */
public record TlsHandshake(String peer, String reason) implements AccessRequest<DeniedMessage> {

    @Override
    public String kind() {
        return DecisionRecorder.EGRESS;
    }

    @Override
    public String action() {
        return "tls handshake";
    }

    @Override
    public String target() {
        return peer;
    }

    @Override
    public String detail() {
        return reason;
    }

    /** A version is no new destination. */
    @Override
    public String watchKey() {
        return null;
    }

    @Override
    public String denied() {
        return "TLS handshake with " + peer;
    }

    @Override
    public DeniedMessage denial(String message) {
        return new DeniedMessage(message);
    }
}
