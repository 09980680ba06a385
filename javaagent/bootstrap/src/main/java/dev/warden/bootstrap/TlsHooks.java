package dev.warden.bootstrap;

/** What the agent checks in the app's TLS handshakes. Implemented by the core, reached through {@link TlsBridge}. */
public interface TlsHooks {

    /**
     * The client side of a handshake has read the server's hello: is the protocol version it chose allowed?
     *
     * @param handshakeContext the JDK's {@code sun.security.ssl.ClientHandshakeContext}
     * @return null to go on, else the denial message, starting with {@code warden: denied}
     */
    String checkNegotiated(Object handshakeContext);
}
