package dev.warden.bootstrap;

import java.lang.instrument.ClassDefinition;

/**
 * The door for hooks that protect Warden from the app: reflection into Warden's classes, and
 * {@code Instrumentation} calls that would redefine them or strip Warden's advice from the JDK
 * classes it hooks. The reflection check runs on every {@code setAccessible} in the JVM, so
 * anything that is not about a {@code dev.warden} class leaves after one string comparison.
 */
public final class SelfProtectionBridge {

    private static volatile SelfProtectionHooks hooks;

    private SelfProtectionBridge() {
    }

    public static void install(SelfProtectionHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        hooks = installed;
    }

    /** Null when allowed, else the denial message. */
    public static String deniedReflection(Class<?> caller, Class<?> declaring) {
        SelfProtectionHooks h = hooks;
        if (h == null || declaring == null || !declaring.getName().startsWith("dev.warden.")) {
            return null;
        }
        ThreadState state = BridgeGate.enter();
        if (state == null) {
            return null;
        }
        try {
            return h.reflectiveAccess(caller, declaring);
        } catch (Throwable error) {
            return BridgeGate.denyOnError("self-protection", error)
                    ? BridgeGate.internalDenial("reflective access to " + declaring.getName(), error) : null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code targets} is a {@code Class[]} (retransform) or a {@code ClassDefinition[]} (redefine). Null when allowed. */
    public static String deniedRedefinition(Object[] targets) {
        SelfProtectionHooks h = hooks;
        if (h == null || targets == null) {
            return null;
        }
        ThreadState state = BridgeGate.enter();
        if (state == null) {
            return null;
        }
        try {
            Class<?>[] classes = new Class<?>[targets.length];
            for (int i = 0; i < targets.length; i++) {
                Object target = targets[i];
                classes[i] = target instanceof ClassDefinition definition ? definition.getDefinitionClass() : (Class<?>) target;
            }
            return h.redefinition(classes);
        } catch (Throwable error) {
            return BridgeGate.denyOnError("self-protection", error)
                    ? BridgeGate.internalDenial("class redefinition", error) : null;
        } finally {
            BridgeGate.leave(state);
        }
    }
}
