package dev.warden.instrumentation.jdk.httpclient;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.BodyBridge;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import net.bytebuddy.asm.Advice;

/**
 * JDK {@code HttpClient}: {@code send}, {@code sendAsync} and push-promise sends all reach
 * {@code HttpClientImpl.sendAsync(request, handler, pushHandler, executor)} on the caller's
 * thread, before the client hands the exchange to its own threads. The URL-level decision is made
 * here, per request (pooled connections are reused across requests); the socket connect is
 * checked again at the socket choke point. The request may come back rewritten (data protection,
 * {@code traceparent}) and the response handler wrapped (the HTTP body seam).
 */
public final class HttpClientInstrumentation implements WardenInstrumentation {

    private static final String CLIENT = "jdk.internal.net.http.HttpClientImpl";
    /** Follows redirects inside the client: each hop is a new request, decided like the first. */
    private static final String REDIRECT_FILTER = "jdk.internal.net.http.RedirectFilter";

    @Override
    public Set<String> targetTypes() {
        return Set.of(CLIENT, REDIRECT_FILTER);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(
                isDeclaredBy(named(CLIENT)).and(named("sendAsync")).and(takesArguments(4))
                        .and(takesArgument(0, named("java.net.http.HttpRequest"))),
                SendAsyncAdvice.class.getName());
        target.applyAdvice(
                isDeclaredBy(named(REDIRECT_FILTER)).and(named("response")).and(takesArguments(1)),
                RedirectAdvice.class.getName());
    }

    public static final class SendAsyncAdvice {
        private SendAsyncAdvice() {
        }

        /** A denial skips the real send; the exit advice fails the future instead of throwing. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(
                @Advice.Argument(value = 0, readOnly = false) HttpRequest request,
                @Advice.Argument(value = 1, readOnly = false) HttpResponse.BodyHandler<?> handler,
                @Advice.Local("wardenCall") Object call) {
            call = WardenBridge.beforeHttpClientSend(request);
            if (WardenBridge.isDenial(call)) {
                return true;
            }
            if (call != null) {
                request = (HttpRequest) WardenBridge.httpClientRequest(call, request);
                handler = (HttpResponse.BodyHandler<?>) BodyBridge.httpClientResponseHandler(call, handler);
            }
            return false;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(
                @Advice.Local("wardenCall") Object call,
                @Advice.Return(readOnly = false) CompletableFuture<?> future,
                @Advice.Thrown Throwable thrown) {
            if (WardenBridge.isDenial(call)) {
                future = WardenBridge.deniedFuture(call);
            } else if (call != null) {
                future = (CompletableFuture<?>) WardenBridge.afterHttpClientSend(call, future, thrown);
            }
        }
    }

    public static final class RedirectAdvice {
        private RedirectAdvice() {
        }

        /** {@code response} returns the next request of a redirect, or null when there is none. */
        @Advice.OnMethodExit
        static void exit(@Advice.Return Object nextRequest) throws IOException {
            if (nextRequest != null) {
                WardenBridge.beforeHttpClientRedirect(nextRequest);
            }
        }
    }
}
