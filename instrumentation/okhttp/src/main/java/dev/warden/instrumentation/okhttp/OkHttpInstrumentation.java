package dev.warden.instrumentation.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.BodyBridge;
import dev.warden.bootstrap.HttpLibraryBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.LibraryClassFiles;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.io.IOException;
import java.util.Set;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * OkHttp 3.14.x, 4.x and 5.x, as the app loads it. No interceptor is added, so the app's own interceptors
 * see exactly what they saw before:
 * <ul>
 *   <li>{@code RealCall.getResponseWithInterceptorChain} (reached by {@code execute} on the
 *       caller's thread and by {@code enqueue} on the dispatcher's): the call's original request is
 *       decided and its span made current for the whole chain;</li>
 *   <li>{@code RetryAndFollowUpInterceptor.followUpRequest}: a redirect (or auth follow-up) the
 *       client is about to send is decided like a new request;</li>
 *   <li>{@code Exchange.writeRequestHeaders}: the headers that go on the wire carry the span's
 *       {@code traceparent};</li>
 *   <li>{@code RealInterceptorChain.proceed} into OkHttp's {@code BridgeInterceptor} (after the app's
 *       interceptors, before {@code Content-Length} is set and before the response is decompressed):
 *       the HTTP body seam may rewrite the request and see the response body as the app reads it.</li>
 * </ul>
 * Advice names no OkHttp type: Warden carries its own OkHttp relocated, and relocation would
 * rename them. For the same reason the class names are assembled at run time.
 */
public final class OkHttpInstrumentation implements WardenInstrumentation {

    static final String REAL_CALL = okhttp3("internal.connection.RealCall");
    static final String FOLLOW_UP = okhttp3("internal.http.RetryAndFollowUpInterceptor");
    static final String EXCHANGE = okhttp3("internal.connection.Exchange");
    static final String CHAIN = okhttp3("internal.http.RealInterceptorChain");
    static final String CALL_METHOD = "getResponseWithInterceptorChain$okhttp";
    /** OkHttp 3 kept its call in the top package, under the method's plain name (Java, not Kotlin's internal mangling). */
    static final String REAL_CALL_3 = okhttp3("RealCall");
    static final String CALL_METHOD_3 = "getResponseWithInterceptorChain";

    /**
     * Relocation rewrites every string constant that is, or starts with, OkHttp's package name
     * (into Warden's own relocated copy): the name is assembled from parts at run time.
     */
    private static String okhttp3(String rest) {
        return String.join(".", String.join("", "okhttp", "3"), rest);
    }

    @Override
    public Set<String> targetTypes() {
        return Set.of(REAL_CALL, REAL_CALL_3, FOLLOW_UP, EXCHANGE, CHAIN);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(isDeclaredBy(named(REAL_CALL)).and(named(CALL_METHOD)).and(takesArguments(0)),
                CallAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(REAL_CALL_3)).and(named(CALL_METHOD_3)).and(takesArguments(0)),
                CallAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(FOLLOW_UP)).and(named("followUpRequest")),
                FollowUpAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(EXCHANGE)).and(named("writeRequestHeaders")).and(takesArguments(1)),
                RequestHeadersAdvice.class.getName());
        target.applyAdvice(isDeclaredBy(named(CHAIN)).and(named("proceed")).and(takesArguments(1)),
                ChainAdvice.class.getName());
    }

    @Override
    public String supportedVersions() {
        return "OkHttp 3.14.x, 4.x and 5.x";
    }

    /**
     * The call in either place (4.0 and later, or 3.x's); the {@code Exchange} whose headers go on the
     * wire exists since 3.14 (3.12 and 3.13 wrote them through an {@code HttpCodec}).
     */
    @Override
    public boolean supportsVersionIn(ClassLoader loader) {
        return (LibraryClassFiles.mentions(loader, REAL_CALL, CALL_METHOD, "originalRequest")
                        || LibraryClassFiles.mentions(loader, REAL_CALL_3, CALL_METHOD_3, "originalRequest"))
                && LibraryClassFiles.mentions(loader, FOLLOW_UP, "followUpRequest")
                && LibraryClassFiles.mentions(loader, EXCHANGE, "writeRequestHeaders")
                && LibraryClassFiles.mentions(loader, CHAIN, "proceed", "interceptors", "index");
    }

    public static final class CallAdvice {
        private CallAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.FieldValue("originalRequest") Object request) throws IOException {
            return HttpLibraryBridge.beginOkHttpCall(request);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object call, @Advice.Return Object response, @Advice.Thrown Throwable thrown) {
            HttpLibraryBridge.endOkHttpCall(call, response, thrown);
        }
    }

    public static final class FollowUpAdvice {
        private FollowUpAdvice() {
        }

        /** {@code followUpRequest} returns the next request, or null when the response is final. */
        @Advice.OnMethodExit
        static void exit(@Advice.Return Object next) throws IOException {
            HttpLibraryBridge.beforeOkHttpFollowUp(next);
        }
    }

    public static final class RequestHeadersAdvice {
        private RequestHeadersAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request) {
            request = HttpLibraryBridge.okHttpRequestOnTheWire(request);
        }
    }

    public static final class ChainAdvice {
        private ChainAdvice() {
        }

        /** Only the step into {@code BridgeInterceptor} (its simple name survives relocation) goes through the seam. */
        @Advice.OnMethodEnter
        static boolean enter(
                @Advice.FieldValue("index") int index,
                @Advice.FieldValue("interceptors") java.util.List<?> interceptors,
                @Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Object request)
                throws IOException {
            if (index < interceptors.size() && interceptors.get(index).getClass().getName().endsWith(".BridgeInterceptor")) {
                request = BodyBridge.okHttpRequest(request);
                return true;
            }
            return false;
        }

        @Advice.OnMethodExit
        static void exit(
                @Advice.Enter boolean seam,
                @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object response) {
            if (seam) {
                response = BodyBridge.okHttpResponse(response);
            }
        }
    }
}
