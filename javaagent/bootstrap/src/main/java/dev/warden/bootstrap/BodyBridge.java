package dev.warden.bootstrap;

/**
 * The door for HTTP bodies: advice hands the app's body objects over, the agent returns the
 * objects the client should use instead (the same ones when no participant takes part). A
 * failure inside Warden leaves the app's object in place and is reported: whatever a participant
 * must refuse is refused before this point, when the request is decided.
 */
public final class BodyBridge {

    private static volatile BodyHooks hooks;

    private BodyBridge() {
    }

    public static void install(BodyHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        hooks = installed;
    }

    public static Object httpClientResponseHandler(Object call, Object handler) {
        BodyHooks h = hooks;
        if (h == null || call == null || handler == null) {
            return handler;
        }
        ThreadState state = ThreadState.current();
        boolean was = state.inside;
        state.inside = true;
        try {
            return h.httpClientResponseHandler(call, handler);
        } catch (Throwable error) {
            BridgeGate.report("http-body", error);
            return handler;
        } finally {
            state.inside = was;
        }
    }
}
