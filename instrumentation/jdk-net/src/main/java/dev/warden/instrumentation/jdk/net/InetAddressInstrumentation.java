package dev.warden.instrumentation.jdk.net;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * DNS: every name lookup of the JDK goes through {@code InetAddress.getAllByName(String)}
 * ({@code getByName}, {@code InetSocketAddress}, {@code Socket(host, port)} and the HTTP clients
 * all call it). A lookup is a way out too, so a name no rule could allow is never resolved.
 */
public final class InetAddressInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.net.InetAddress");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(
                named("getAllByName").and(isStatic()).and(takesArguments(1).and(takesArgument(0, named("java.lang.String")))),
                LookupAdvice.class.getName());
    }

    public static final class LookupAdvice {
        private LookupAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) String host) throws UnknownHostException {
            WardenBridge.beforeLookup(host);
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Argument(0) String host, @Advice.Return InetAddress[] addresses) {
            WardenBridge.afterLookup(host, addresses);
        }
    }
}
