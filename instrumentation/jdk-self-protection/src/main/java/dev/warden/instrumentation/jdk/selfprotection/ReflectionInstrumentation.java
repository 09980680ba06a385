package dev.warden.instrumentation.jdk.selfprotection;

import static net.bytebuddy.matcher.ElementMatchers.isPrivate;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.SelfProtectionBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InaccessibleObjectException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * Reflection into Warden's classes: {@code AccessibleObject.checkCanSetAccessible(caller,
 * declaringClass, throwExceptionIfDenied)}, which {@code setAccessible} and
 * {@code trySetAccessible} of fields, methods and constructors all reach, and
 * {@code MethodHandles.privateLookupIn}, the way to a private lookup (and VarHandles) without
 * {@code setAccessible}. The boot loader's unnamed module, where the bridge lives, is open to
 * everyone, so without these the app could switch Warden off by writing one static field.
 */
public final class ReflectionInstrumentation implements WardenInstrumentation {

    @Override
    public Set<String> targetTypes() {
        return Set.of("java.lang.reflect.AccessibleObject", "java.lang.invoke.MethodHandles");
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named("checkCanSetAccessible").and(isPrivate()).and(takesArguments(3))
                        .and(takesArgument(0, named("java.lang.Class"))).and(takesArgument(1, named("java.lang.Class")))
                        .and(takesArgument(2, named("boolean"))),
                SetAccessibleAdvice.class.getName());
        target.applyAdvice(named("privateLookupIn").and(isStatic()).and(takesArguments(2))
                        .and(takesArgument(0, named("java.lang.Class"))),
                PrivateLookupAdvice.class.getName());
    }

    @Override
    public boolean weaveLoadedTargetsLater() {
        return true;
    }

    public static final class SetAccessibleAdvice {
        private SetAccessibleAdvice() {
        }

        /** Skips the JDK's own check (returning false) when denied and the caller asked for no exception. */
        @Advice.OnMethodEnter(skipOn = Advice.OnNonDefaultValue.class)
        static boolean enter(@Advice.Argument(0) Class<?> caller, @Advice.Argument(1) Class<?> declaring,
                @Advice.Argument(2) boolean throwIfDenied) {
            String denied = SelfProtectionBridge.deniedReflection(caller, declaring);
            if (denied != null && throwIfDenied) {
                throw new InaccessibleObjectException(denied);
            }
            return denied != null;
        }

        @Advice.OnMethodExit
        static void exit(@Advice.Enter boolean denied, @Advice.Return(readOnly = false) boolean accessible) {
            if (denied) {
                accessible = false;
            }
        }
    }

    public static final class PrivateLookupAdvice {
        private PrivateLookupAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(0) Class<?> target, @Advice.Argument(1) MethodHandles.Lookup caller)
                throws IllegalAccessException {
            String denied = SelfProtectionBridge.deniedReflection(caller == null ? null : caller.lookupClass(), target);
            if (denied != null) {
                throw new IllegalAccessException(denied);
            }
        }
    }
}
