package dev.warden.bootstrap;

/**
 * The door for the app's TLS handshakes (JSSE, client side). The advice throws the
 * {@code SSLHandshakeException} itself with the message returned here, before the handshake goes on,
 * so no application data is sent over a connection below the policy's minimum version. Warden's own
 * TLS (OTLP export, bundle download) runs on Warden's threads and is not checked.
 */
public final class TlsBridge {

    private static volatile TlsHooks hooks;

    private TlsBridge() {
    }

    public static synchronized void install(TlsHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("Warden TLS hooks are already installed");
        }
        hooks = installed;
    }

    /** The server's hello was read: null to go on, else the denial message. */
    public static String checkNegotiated(Object handshakeContext) {
        TlsHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return null;
        }
        try {
            return h.checkNegotiated(handshakeContext);
        } catch (Throwable error) {
            return BridgeGate.denyOnError("tls", error) ? BridgeGate.internalDenial("TLS handshake", error) : null;
        } finally {
            BridgeGate.leave(state);
        }
    }
}
