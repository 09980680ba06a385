package dev.warden.bootstrap;

import java.io.IOException;
import java.net.ConnectException;

/**
 * The door for advice inlined into HTTP client libraries the app loads (OkHttp, Apache HttpClient
 * 5, Reactor Netty). Like {@link WardenBridge}: Warden's own work passes unmediated, a denial is the API's own
 * exception, and a failure inside Warden becomes the failure mode's decision.
 */
public final class HttpLibraryBridge {

    private static volatile HttpLibraryHooks hooks;

    private HttpLibraryBridge() {
    }

    /** Installed once, by the holder of the capability handed to {@link WardenBridge#install}. */
    public static synchronized void install(HttpLibraryHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("HTTP library hooks are already installed");
        }
        hooks = installed;
    }

    /** Returns the call handle, or null when this request is not mediated. */
    public static Object begin(String method, String url, String hostHeader, boolean redirect) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return null;
        }
        try {
            return hooks.begin(method, url, hostHeader, redirect);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("http-library", error)) {
                throw new ConnectException(BridgeGate.internalDenial(method + " " + url, error));
            }
            return null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static String traceparent(Object call) {
        ThreadState state;
        if (call == null || (state = enter()) == null) {
            return null;
        }
        try {
            return hooks.traceparent(call);
        } catch (Throwable error) {
            BridgeGate.report("http-library", error);
            return null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /**
     * Secretless credentials for a library whose request object is the app's own (Apache HttpClient 5): the request's
     * path (with its query) and its headers as name, value pairs; returns them with the credentials' real values in
     * place of their placeholders, or null when nothing changes. The advice puts them on the request while it is
     * sent and the app's values back afterwards. A placeholder for another destination is a denial.
     */
    public static String[] credentials(Object call, String[] pathAndHeaders) throws IOException {
        ThreadState state;
        if (call == null || (state = enter()) == null) {
            return null;
        }
        try {
            return hooks.credentials(call, pathAndHeaders);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("http-library", error)) {
                throw new ConnectException(BridgeGate.internalDenial("credentials of " + pathAndHeaders[0], error));
            }
            return null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void end(Object call, int status, Throwable thrown) {
        ThreadState state;
        if (call == null || (state = enter()) == null) {
            return;
        }
        try {
            hooks.end(call, status, thrown);
        } catch (Throwable error) {
            BridgeGate.report("http-library", error);
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** The callback to hand on: wrapped to end the span, or the same one. */
    public static Object endingCallback(Object call, Object callback, String callbackType) {
        ThreadState state;
        if (call == null || callback == null || (state = enter()) == null) {
            return callback;
        }
        try {
            return hooks.endingCallback(call, callback, callbackType);
        } catch (Throwable error) {
            BridgeGate.report("http-library", error);
            return callback;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static Object beginOkHttpCall(Object request) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return null;
        }
        try {
            return hooks.beginOkHttpCall(request);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("okhttp", error)) {
                throw new ConnectException(BridgeGate.internalDenial("OkHttp request", error));
            }
            return null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void endOkHttpCall(Object call, Object response, Throwable thrown) {
        ThreadState state;
        if (call == null || (state = enter()) == null) {
            return;
        }
        try {
            hooks.endOkHttpCall(call, response, thrown);
        } catch (Throwable error) {
            BridgeGate.report("okhttp", error);
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void beforeOkHttpFollowUp(Object request) throws IOException {
        ThreadState state;
        if (request == null || (state = enter()) == null) {
            return;
        }
        try {
            hooks.beforeOkHttpFollowUp(request);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("okhttp", error)) {
                throw new IOException(BridgeGate.internalDenial("OkHttp redirect", error));
            }
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static Object okHttpRequestOnTheWire(Object request) {
        ThreadState state = enter();
        if (state == null) {
            return request;
        }
        try {
            return hooks.okHttpRequestOnTheWire(request);
        } catch (Throwable error) {
            BridgeGate.report("okhttp", error);
            return request;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void beginReactorAttempt(Object request, Object method, Object url, boolean redirect) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        try {
            hooks.beginReactorAttempt(request, String.valueOf(method), String.valueOf(url), redirect);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("reactor-netty", error)) {
                throw new ConnectException(BridgeGate.internalDenial(method + " " + url, error));
            }
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void reactorHeadersSent(Object method, String url, String hostHeader) throws IOException {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        try {
            hooks.reactorHeadersSent(String.valueOf(method), url, hostHeader);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("reactor-netty", error)) {
                throw new ConnectException(BridgeGate.internalDenial(method + " " + url, error));
            }
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static String reactorTraceparent(Object request) {
        ThreadState state = enter();
        if (state == null) {
            return null;
        }
        try {
            return hooks.reactorTraceparent(request);
        } catch (Throwable error) {
            BridgeGate.report("reactor-netty", error);
            return null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void endReactorAttempt(Object request, int status, Throwable thrown) {
        ThreadState state = enter();
        if (state == null) {
            return;
        }
        try {
            hooks.endReactorAttempt(request, status, thrown);
        } catch (Throwable error) {
            BridgeGate.report("reactor-netty", error);
        } finally {
            BridgeGate.leave(state);
        }
    }

    private static ThreadState enter() {
        return BridgeGate.enter(hooks);
    }
}
