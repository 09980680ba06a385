package dev.warden.instrumentation.jdk.urlconnection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.BodyBridge;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * {@code HttpURLConnection} for http and https (the https implementation delegates to a subclass
 * of the same class). The request is decided and its span started when the app first connects,
 * writes or reads, while request headers can still be added; every {@code plainConnect} (also a
 * redirect hop) is decided again; the span ends when the response is read. The request body the
 * app writes and the response body it reads pass through the HTTP body seam.
 */
public final class HttpUrlConnectionInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("sun.net.www.protocol.http.HttpURLConnection");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(
                namedOneOf("connect", "getOutputStream").and(takesArguments(0)),
                RequestAdvice.class.getName());
        target.applyAdvice(
                named("plainConnect").and(takesArguments(0)),
                PlainConnectAdvice.class.getName());
        target.applyAdvice(
                named("getInputStream").and(takesArguments(0)),
                ResponseAdvice.class.getName());
        target.applyAdvice(
                named("getOutputStream").and(takesArguments(0)),
                BodyOutputAdvice.class.getName());
        target.applyAdvice(
                named("getInputStream").and(takesArguments(0)),
                BodyInputAdvice.class.getName());
        target.applyAdvice(
                named("getRequestURI").and(takesArguments(0)),
                RequestTargetAdvice.class.getName());
    }

    /** The request-target the connection writes: secretless credentials' values in its query. */
    public static final class RequestTargetAdvice {
        private RequestTargetAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This Object connection, @Advice.Return(readOnly = false) String target) {
            target = WardenBridge.requestTarget(connection, target);
        }
    }

    public static final class RequestAdvice {
        private RequestAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object connection) throws IOException {
            WardenBridge.beforeUrlRequest(connection);
        }
    }

    public static final class PlainConnectAdvice {
        private PlainConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object connection, @Advice.FieldValue("connected") boolean connected)
                throws IOException {
            if (!connected) {
                WardenBridge.beforeUrlConnect(connection);
            }
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.This Object connection, @Advice.Thrown Throwable thrown) {
            WardenBridge.afterUrlConnect(connection, thrown);
        }
    }

    public static final class ResponseAdvice {
        private ResponseAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object connection) throws IOException {
            WardenBridge.beforeUrlRequest(connection);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(
                @Advice.This Object connection,
                @Advice.FieldValue("responseCode") int responseCode,
                @Advice.Thrown Throwable thrown) {
            WardenBridge.afterUrlResponse(connection, responseCode, thrown);
        }
    }

    /** The body the app writes goes to the seam's buffer until the response is asked for. */
    public static final class BodyOutputAdvice {
        private BodyOutputAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This Object connection, @Advice.Return(readOnly = false) OutputStream stream) {
            stream = BodyBridge.urlConnectionOutput(connection, stream);
        }
    }

    /** Before the request is written (inside getInputStream): the held body is protected or refused; the response is wrapped. */
    public static final class BodyInputAdvice {
        private BodyInputAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object connection) throws IOException {
            BodyBridge.beforeUrlConnectionResponse(connection);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.This Object connection, @Advice.Return(readOnly = false) InputStream stream) {
            stream = BodyBridge.urlConnectionInput(connection, stream);
        }
    }
}
