package dev.warden.instrumentation.jdk.selfprotection;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.SelfProtectionBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Another agent's {@code Instrumentation}: {@code retransformClasses} and {@code redefineClasses}
 * of {@code sun.instrument.InstrumentationImpl} (the one implementation, whatever agent holds it),
 * refused for Warden's classes and for the JDK classes carrying Warden's advice.
 */
public final class InstrumentationApiInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("sun.instrument.InstrumentationImpl");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("retransformClasses").and(takesArguments(1)), RedefinitionAdvice.class.getName());
        target.applyAdvice(named("redefineClasses").and(takesArguments(1)), RedefinitionAdvice.class.getName());
    }

    @Override
    public boolean weaveLoadedTargetsLater() {
        return true;
    }

    public static final class RedefinitionAdvice {
        private RedefinitionAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Object[] targets) throws UnmodifiableClassException {
            String denied = SelfProtectionBridge.deniedRedefinition(targets);
            if (denied != null) {
                throw new UnmodifiableClassException(denied);
            }
        }
    }
}
