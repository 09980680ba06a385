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

    public static Object okHttpRequest(Object request) throws java.io.IOException {
        BodyHooks h = hooks;
        ThreadState state;
        if (request == null || (state = BridgeGate.enter(h)) == null) {
            return request;
        }
        try {
            return h.okHttpRequest(request);
        } catch (java.io.IOException denied) {
            throw denied;
        } catch (Throwable error) {
            // a body that could not be inspected must not leave unprotected, unless the failure mode is open
            if (BridgeGate.denyOnError("http-body", error)) {
                throw new java.net.ConnectException(BridgeGate.internalDenial("OkHttp request body", error));
            }
            return request;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static Object okHttpResponse(Object response) {
        BodyHooks h = hooks;
        ThreadState state;
        if (response == null || (state = BridgeGate.enter(h)) == null) {
            return response;
        }
        try {
            return h.okHttpResponse(response);
        } catch (Throwable error) {
            BridgeGate.report("http-body", error);
            return response;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static java.io.OutputStream urlConnectionOutput(Object connection, java.io.OutputStream stream) {
        BodyHooks h = hooks;
        ThreadState state;
        if (stream == null || (state = BridgeGate.enter(h)) == null) {
            return stream;
        }
        try {
            return (java.io.OutputStream) h.urlConnectionOutput(connection, stream);
        } catch (Throwable error) {
            BridgeGate.report("http-body", error);
            return stream;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void beforeUrlConnectionResponse(Object connection) throws java.io.IOException {
        BodyHooks h = hooks;
        ThreadState state;
        if ((state = BridgeGate.enter(h)) == null) {
            return;
        }
        try {
            h.beforeUrlConnectionResponse(connection);
        } catch (java.io.IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("http-body", error)) {
                throw new java.net.ConnectException(BridgeGate.internalDenial("HttpURLConnection request body", error));
            }
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static java.io.InputStream urlConnectionInput(Object connection, java.io.InputStream stream) {
        BodyHooks h = hooks;
        ThreadState state;
        if (stream == null || (state = BridgeGate.enter(h)) == null) {
            return stream;
        }
        try {
            return (java.io.InputStream) h.urlConnectionInput(connection, stream);
        } catch (Throwable error) {
            BridgeGate.report("http-body", error);
            return stream;
        } finally {
            BridgeGate.leave(state);
        }
    }
}
