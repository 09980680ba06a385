package dev.warden.instrumentation.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.HttpLibraryBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.LibraryClassFiles;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientRequest;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.HttpClientState;

/**
 * The Reactor Netty HTTP client (and Spring WebClient, which sends through it), as the app loads it.
 * Each subscription to a request makes one {@code HttpClientConnect$HttpClientHandler}, which holds
 * the method and the URI of the attempt in flight; the client runs one attempt per hop (the first,
 * each redirect it follows, each retry), each through:
 * <ul>
 *   <li>{@code HttpClientHandler.get()}: the connection provider asks for the attempt's address
 *       before acquiring a connection (pooled or new) and before any lookup: the attempt is decided
 *       and its span started; a denial thrown here fails the request's {@code Mono};</li>
 *   <li>{@code HttpObserver.onStateChange}: {@code REQUEST_PREPARED} (the client's headers are set,
 *       the app's body handler has not run) puts the attempt's {@code traceparent} on the request;
 *       {@code RESPONSE_RECEIVED} ends its span with the status;</li>
 *   <li>{@code HttpClientOperations.beforeMarkSentHeaders}: the request head, with every header the
 *       app set, is about to be sent: the authority its {@code Host} header names is decided;</li>
 *   <li>{@code HttpClientHandler.test(Throwable)} (the retry filter every failed attempt passes,
 *       including a redirect to follow): ends its span.</li>
 * </ul>
 */
public final class ReactorNettyInstrumentation implements WardenInstrumentation {

    static final String HANDLER = "reactor.netty.http.client.HttpClientConnect$HttpClientHandler";
    static final String OBSERVER = "reactor.netty.http.client.HttpClientConnect$HttpObserver";
    static final String OPERATIONS = "reactor.netty.http.client.HttpClientOperations";

    @Override
    public Set<String> targetTypes() {
        return Set.of(HANDLER, OBSERVER, OPERATIONS);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isDeclaredBy(named(HANDLER)).and(named("get")).and(takesArguments(0))
                        .and(returns(named("java.net.SocketAddress"))),
                AttemptAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(HANDLER)).and(named("test")).and(takesArguments(1))
                        .and(takesArgument(0, named("java.lang.Throwable"))),
                AttemptEndedAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(OBSERVER)).and(named("onStateChange")).and(takesArguments(2)),
                StateAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(OPERATIONS)).and(named("beforeMarkSentHeaders")).and(takesArguments(0)),
                HeadersSentAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "Reactor Netty 1.2.x and 1.3.x";
    }

    /** The handler's fields and the request states the advice reads (present in 1.2 and 1.3). */
    @Override
    public boolean supportsVersionIn(ClassLoader loader) {
        return LibraryClassFiles.mentions(loader, HANDLER, "toURI", "method", "redirectedFrom", "requestWithBody")
                && LibraryClassFiles.mentions(loader, OBSERVER, "handler", "onStateChange")
                && LibraryClassFiles.mentions(loader, "reactor.netty.http.client.HttpClientState",
                        "REQUEST_PREPARED", "RESPONSE_RECEIVED")
                && LibraryClassFiles.mentions(loader, "reactor.netty.http.client.RedirectClientException", "status")
                && LibraryClassFiles.mentions(loader, OPERATIONS, "beforeMarkSentHeaders", "requestHeaders", "resourceUrl");
    }

    public static final class AttemptAdvice {
        private AttemptAdvice() {
        }

        /** A redirect hop (or a retry) is an attempt after one that named where it came from. */
        @Advice.OnMethodEnter
        static void enter(@Advice.This Object request, @Advice.FieldValue("method") Object method,
                @Advice.FieldValue("toURI") Object uri, @Advice.FieldValue("redirectedFrom") Object redirectedFrom)
                throws IOException {
            HttpLibraryBridge.beginReactorAttempt(request, method, uri, redirectedFrom != null);
        }
    }

    /**
     * The request head is about to be sent (HTTP/1.1, or as HTTP/2 headers, whose {@code :authority}
     * Reactor Netty takes from {@code Host}): every header the app set is there. A denial thrown here
     * fails the attempt before its headers are marked sent, so nothing of the request is written.
     */
    public static final class HeadersSentAdvice {
        private HeadersSentAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This HttpClientRequest request) throws IOException {
            try {
                HttpLibraryBridge.reactorHeadersSent(request.method(), request.resourceUrl(),
                        request.requestHeaders().get("Host"));
            } catch (IOException denied) {
                // thrown, the denial stops the head being written; a caller that subscribed through its own send
                // function (Spring WebClient) drops that error, so the connection's inbound fails with it too
                if (request instanceof Connection connection) {
                    connection.channel().pipeline().fireExceptionCaught(denied);
                }
                throw denied;
            }
        }
    }

    public static final class AttemptEndedAdvice {
        private AttemptEndedAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object request, @Advice.Argument(0) Throwable thrown) {
            HttpLibraryBridge.endReactorAttempt(request, 0, thrown);
        }
    }

    public static final class StateAdvice {
        private StateAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.FieldValue("handler") Object request, @Advice.Argument(0) Object connection,
                @Advice.Argument(1) Object state) {
            if (state == HttpClientState.REQUEST_PREPARED && connection instanceof HttpClientRequest) {
                String traceparent = HttpLibraryBridge.reactorTraceparent(request);
                if (traceparent != null) {
                    ((HttpClientRequest) connection).header("traceparent", traceparent);
                }
            } else if (state == HttpClientState.RESPONSE_RECEIVED && connection instanceof HttpClientResponse) {
                HttpLibraryBridge.endReactorAttempt(request, ((HttpClientResponse) connection).status().code(), null);
            }
        }
    }
}
