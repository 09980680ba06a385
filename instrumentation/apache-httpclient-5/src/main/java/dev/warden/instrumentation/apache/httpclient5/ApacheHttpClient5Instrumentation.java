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
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.message.BasicHeader;
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

        /**
         * Secretless credentials go on the app's own request object while it is sent ({@code appsOwn} keeps what the
         * app had, put back on exit: the app never reads a real value from its object).
         */
        @Advice.OnMethodEnter
        static Object enter(@Advice.Argument(0) ClassicHttpRequest request, @Advice.Argument(1) ExecChain.Scope scope,
                @Advice.Local("appsOwn") String[] appsOwn) throws IOException {
            Object call = HttpLibraryBridge.begin(request.getMethod(),
                    scope.route.getTargetHost().toURI().concat(request.getPath()),
                    request.getFirstHeader("Host") == null ? null : request.getFirstHeader("Host").getValue(),
                    scope.clientContext.getRedirectLocations().size() > 0);
            Header[] headers = request.getHeaders();
            String[] pathAndHeaders = new String[1 + 2 * headers.length];
            pathAndHeaders[0] = request.getPath();
            for (int i = 0; i < headers.length; i++) {
                pathAndHeaders[1 + 2 * i] = headers[i].getName();
                pathAndHeaders[2 + 2 * i] = headers[i].getValue();
            }
            String[] sent = HttpLibraryBridge.credentials(call, pathAndHeaders);
            if (sent != null) {
                appsOwn = pathAndHeaders;
                request.setPath(sent[0]);
                Header[] withValues = new Header[headers.length];
                for (int i = 0; i < headers.length; i++) {
                    withValues[i] = new BasicHeader(sent[1 + 2 * i], sent[2 + 2 * i]);
                }
                request.setHeaders(withValues);
            }
            String traceparent = HttpLibraryBridge.traceparent(call);
            if (traceparent != null) {
                request.setHeader("traceparent", traceparent);
            }
            return call;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object call, @Advice.Argument(0) ClassicHttpRequest request,
                @Advice.Local("appsOwn") String[] appsOwn, @Advice.Return ClassicHttpResponse response,
                @Advice.Thrown Throwable thrown) {
            if (appsOwn != null) {
                request.setPath(appsOwn[0]);
                for (int i = 1; i + 1 < appsOwn.length; i += 2) {
                    request.removeHeaders(appsOwn[i]);
                }
                for (int i = 1; i + 1 < appsOwn.length; i += 2) {
                    request.addHeader(appsOwn[i], appsOwn[i + 1]);
                }
            }
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
