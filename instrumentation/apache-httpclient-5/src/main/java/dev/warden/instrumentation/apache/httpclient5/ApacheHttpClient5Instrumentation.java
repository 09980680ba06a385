package dev.warden.instrumentation.apache.httpclient5;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.HttpLibraryBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.LibraryClassFiles;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpRequest;

/**
 * Apache HttpClient 5, classic and async, as the app loads it. {@code ProtocolExec} (classic) and
 * {@code AsyncProtocolExec} (async) run once per request the client sends: the first one, each
 * redirect hop and each retry, below the redirect and retry steps of the exec chain and before the
 * connection is opened. Each is decided by its URL, gets its span and carries a {@code traceparent}.
 * A classic denial is thrown; an async one fails the exchange's callback, so the app's future fails.
 */
public final class ApacheHttpClient5Instrumentation implements WardenInstrumentation {

    static final String CLASSIC = "org.apache.hc.client5.http.impl.classic.ProtocolExec";
    static final String ASYNC = "org.apache.hc.client5.http.impl.async.AsyncProtocolExec";
    static final String ASYNC_CALLBACK = "org.apache.hc.client5.http.async.AsyncExecCallback";

    @Override
    public Set<String> targetTypes() {
        return Set.of(CLASSIC, ASYNC);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isDeclaredBy(named(CLASSIC)).and(named("execute")).and(takesArguments(3)),
                ClassicAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(ASYNC)).and(named("execute")).and(takesArguments(5)),
                AsyncAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "Apache HttpClient 5.1 and later 5.x";
    }

    /** The exec chain scopes with the route and client context the advice reads exist since 5.1. */
    @Override
    public boolean supportsVersionIn(ClassLoader loader) {
        return LibraryClassFiles.mentions(loader, "org.apache.hc.client5.http.classic.ExecChain$Scope", "route", "clientContext")
                && LibraryClassFiles.mentions(loader, "org.apache.hc.client5.http.async.AsyncExecChain$Scope", "route", "clientContext")
                && LibraryClassFiles.mentions(loader, "org.apache.hc.client5.http.protocol.HttpClientContext", "getRedirectLocations");
    }

    public static final class ClassicAdvice {
        private ClassicAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) ClassicHttpRequest request, @Advice.Argument(1) ExecChain.Scope scope)
                throws IOException {
            Object call = HttpLibraryBridge.begin(request.getMethod(),
                    scope.route.getTargetHost().toURI().concat(request.getPath()),
                    request.getFirstHeader("Host") == null ? null : request.getFirstHeader("Host").getValue(),
                    scope.clientContext.getRedirectLocations().size() > 0);
            String traceparent = HttpLibraryBridge.traceparent(call);
            if (traceparent != null) {
                request.setHeader("traceparent", traceparent);
            }
            return call;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object call, @Advice.Return ClassicHttpResponse response,
                @Advice.Thrown Throwable thrown) {
            HttpLibraryBridge.end(call, response == null ? 0 : response.getCode(), thrown);
        }
    }

    public static final class AsyncAdvice {
        private AsyncAdvice() {
        }

        /** A denial skips the exchange and fails its callback instead. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(
                @Advice.Argument(0) HttpRequest request,
                @Advice.Argument(2) AsyncExecChain.Scope scope,
                @Advice.Argument(value = 4, readOnly = false, typing = Assigner.Typing.DYNAMIC) AsyncExecCallback callback) {
            Object call;
            try {
                call = HttpLibraryBridge.begin(request.getMethod(),
                        scope.route.getTargetHost().toURI().concat(request.getPath()),
                        request.getFirstHeader("Host") == null ? null : request.getFirstHeader("Host").getValue(),
                        scope.clientContext.getRedirectLocations().size() > 0);
            } catch (IOException denied) {
                callback.failed(denied);
                return true;
            }
            String traceparent = HttpLibraryBridge.traceparent(call);
            if (traceparent != null) {
                request.setHeader("traceparent", traceparent);
            }
            callback = (AsyncExecCallback) HttpLibraryBridge.endingCallback(call, callback, ASYNC_CALLBACK);
            return false;
        }
    }
}
