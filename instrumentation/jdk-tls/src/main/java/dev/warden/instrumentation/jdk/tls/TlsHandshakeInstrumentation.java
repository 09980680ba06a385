package dev.warden.instrumentation.jdk.tls;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.TlsBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.util.Set;
import javax.net.ssl.SSLHandshakeException;
import net.bytebuddy.asm.Advice;

/**
 * The client side of every JSSE handshake ({@code SSLSocket}, {@code SSLEngine}: HttpsURLConnection, the JDK
 * HttpClient, OkHttp and Apache HttpClient on the JDK's TLS): the consumer of the server's hello, after which
 * the negotiated protocol version is known and before the client sends its own keys or any application data.
 * A version below the policy's {@code tls_min_version} fails the handshake with {@link SSLHandshakeException};
 * the JDK then closes the connection with a fatal alert.
 */
public final class TlsHandshakeInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("sun.security.ssl.ServerHello$ServerHelloConsumer");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("consume").and(takesArguments(2)), ServerHelloAdvice.class.getName());
    }

    public static final class ServerHelloAdvice {
        private ServerHelloAdvice() {
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) Object context) throws SSLHandshakeException {
            String denial = TlsBridge.checkNegotiated(context);
            if (denial != null) {
                throw new SSLHandshakeException(denial);
            }
        }
    }
}
