package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessRequest;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.DeniedMessage;
import dev.warden.agent.access.TlsHandshake;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.Decision;
import dev.warden.bootstrap.TlsHooks;
import dev.warden.policy.TlsVersion;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;

/**
 * The policy's {@code tls_min_version} against the version the server chose, read from the JDK's handshake
 * context (its {@code negotiatedProtocol}, and the socket or engine for the message). The JDK's internal
 * package {@code sun.security.ssl} is opened to Warden's module only, at start.
 */
public final class TlsVersionCheck implements TlsHooks {

    /** The deciding "rule" named in denials: the top-level policy setting. */
    public static final String RULE = "tls_min_version";

    private final Instrumentation instrumentation;
    private final Supplier<ActivePolicy> active;
    private final AccessMediator mediator;
    private final AccessSpans<? super TlsHandshake> spans;
    private volatile HandshakeFields fields;

    /** The handshake's fields Warden reads, found at the first handshake: a program that makes none loads no TLS class. */
    private record HandshakeFields(Field negotiatedProtocol, Field connection, Field transport) {
    }

    public TlsVersionCheck(Instrumentation instrumentation, Supplier<ActivePolicy> active, AccessMediator mediator,
            AccessSpans<? super TlsHandshake> spans) {
        this.instrumentation = instrumentation;
        this.active = active;
        this.mediator = mediator;
        this.spans = spans;
    }

    /** Opens {@code sun.security.ssl} to Warden's module and finds the fields it reads; by then the JDK has loaded them. */
    private HandshakeFields fields() {
        HandshakeFields found = fields;
        if (found == null) {
            Module javaBase = Object.class.getModule();
            instrumentation.redefineModule(javaBase, Set.of(), Map.of(),
                    Map.of("sun.security.ssl", Set.of(TlsVersionCheck.class.getModule())), Set.of(), Map.of());
            try {
                Class<?> handshake = Class.forName("sun.security.ssl.HandshakeContext", false, null);
                Class<?> transportContext = Class.forName("sun.security.ssl.TransportContext", false, null);
                found = new HandshakeFields(accessible(handshake.getDeclaredField("negotiatedProtocol")),
                        accessible(handshake.getDeclaredField("conContext")),
                        accessible(transportContext.getDeclaredField("transport")));
            } catch (ReflectiveOperationException changedJdk) {
                throw new IllegalStateException("this JDK's TLS handshake has none of the fields Warden reads", changedJdk);
            }
            fields = found;
        }
        return found;
    }

    private static Field accessible(Field field) {
        field.setAccessible(true);
        return field;
    }

    @Override
    public String checkNegotiated(Object handshakeContext) {
        ActivePolicy policy = active.get();
        TlsVersion minimum = policy.engine().policy().tlsMinVersion();
        if (minimum == null) {
            return null;
        }
        HandshakeFields handshake = fields();
        Object protocol = read(handshake.negotiatedProtocol(), handshakeContext);
        String name = protocol instanceof Enum<?> version ? version.name() : String.valueOf(protocol);
        TlsVersion negotiated = versionOf(name);
        if (negotiated != null && negotiated.compareTo(minimum) >= 0) {
            return null;
        }
        String reason = "the server chose " + (negotiated == null ? name : "TLS " + negotiated.number())
                + ", below the policy's minimum TLS " + minimum.number();
        Decision decision = Decision.denied(RULE, reason, policy, null);
        DeniedMessage denial = mediator.apply(new TlsHandshake(peer(handshake, handshakeContext), reason), decision, spans);
        return denial == null ? null : denial.getMessage();
    }

    /** The JDK's ProtocolVersion constant names: TLS13, TLS12, TLS11, TLS10 (SSL30 and DTLS are older or other). */
    private static TlsVersion versionOf(String constant) {
        return switch (constant) {
            case "TLS13" -> TlsVersion.TLS_1_3;
            case "TLS12" -> TlsVersion.TLS_1_2;
            case "TLS11" -> TlsVersion.TLS_1_1;
            case "TLS10" -> TlsVersion.TLS_1_0;
            default -> null;
        };
    }

    private static String peer(HandshakeFields handshake, Object handshakeContext) {
        Object socketOrEngine = read(handshake.transport(), read(handshake.connection(), handshakeContext));
        if (socketOrEngine instanceof SSLSocket socket && socket.getInetAddress() != null) {
            return AccessRequest.hostPort(socket.getInetAddress().getHostName(), socket.getPort());
        }
        if (socketOrEngine instanceof SSLEngine engine && engine.getPeerHost() != null) {
            return AccessRequest.hostPort(engine.getPeerHost(), engine.getPeerPort());
        }
        return "an unnamed peer";
    }

    private static Object read(Field field, Object target) {
        try {
            return target == null ? null : field.get(target);
        } catch (IllegalAccessException notOpened) {
            throw new IllegalStateException("sun.security.ssl is not open to Warden", notOpened);
        }
    }
}
