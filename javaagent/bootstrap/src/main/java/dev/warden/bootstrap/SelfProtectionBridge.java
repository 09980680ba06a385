package dev.warden.bootstrap;

import java.lang.instrument.ClassDefinition;
import java.lang.instrument.UnmodifiableClassException;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.InaccessibleObjectException;

/**
 * The door for hooks that protect Warden from the app: reflection into Warden's classes, and
 * {@code Instrumentation} calls that would redefine them or strip Warden's advice from the JDK
 * classes it hooks. The reflection check runs on every {@code setAccessible} in the JVM, so
 * anything that is not about a {@code dev.warden} class leaves after one string comparison.
 */
public final class SelfProtectionBridge {

    private static volatile SelfProtectionHooks hooks;
    /**
     * Set with the hooks, so that one write clearing {@link #hooks} reads as tampering, not as "not
     * installed yet" (this door is installed after the weaving it protects): the door then goes on
     * and {@code BridgeGate} denies.
     */
    private static volatile boolean installed;
    private static volatile Object installedMark;

    private SelfProtectionBridge() {
    }

    public static void install(SelfProtectionHooks installing, Object key) {
        BridgeGate.checkCapability(key);
        hooks = installing;
        installed = true;
        installedMark = new Object();
    }

    /** Whether this door is not installed yet: hooks that read as missing while a mark is set were cleared. */
    private static boolean notInstalled(SelfProtectionHooks read) {
        return read == null && !installed && installedMark == null;
    }

    /**
     * {@code AccessibleObject.checkCanSetAccessible(caller, declaring, throwIfDenied)}: true when
     * denied and the caller asked for no exception (the JDK's check then answers false).
     */
    public static boolean deniesSetAccessible(Class<?> caller, Class<?> declaring, boolean throwIfDenied) {
        String denied = deniedReflection(caller, declaring);
        if (denied == null) {
            denied = NativeBridge.deniedUnsafeReflection(caller, declaring, "reflection (setAccessible)");
        }
        if (denied != null && throwIfDenied) {
            throw new InaccessibleObjectException(denied);
        }
        return denied != null;
    }

    /** {@code MethodHandles.privateLookupIn(target, caller)}. */
    public static void checkPrivateLookup(Class<?> target, MethodHandles.Lookup caller)
            throws IllegalAccessException {
        String denied = deniedReflection(caller == null ? null : caller.lookupClass(), target);
        if (denied == null) {
            denied = NativeBridge.deniedUnsafeReflection(caller == null ? null : caller.lookupClass(), target,
                    "a private lookup (MethodHandles.privateLookupIn)");
        }
        if (denied != null) {
            throw new IllegalAccessException(denied);
        }
    }

    /** {@code Instrumentation.retransformClasses}. */
    public static void checkRetransform(Class<?>[] classes) throws UnmodifiableClassException {
        checkRedefinition(classes);
    }

    /** {@code Instrumentation.redefineClasses}. */
    public static void checkRedefine(ClassDefinition[] definitions) throws UnmodifiableClassException {
        checkRedefinition(definitions);
    }

    private static void checkRedefinition(Object[] targets) throws UnmodifiableClassException {
        String denied = deniedRedefinition(targets);
        if (denied != null) {
            throw new UnmodifiableClassException(denied);
        }
    }

    /** Null when allowed, else the denial message. */
    private static String deniedReflection(Class<?> caller, Class<?> declaring) {
        SelfProtectionHooks h = hooks;
        if (notInstalled(h) || declaring == null || !declaring.getName().startsWith("dev.warden.")) {
            return null;
        }
        ThreadState state = BridgeGate.enter(h);
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
    private static String deniedRedefinition(Object[] targets) {
        SelfProtectionHooks h = hooks;
        if (notInstalled(h) || targets == null) {
            return null;
        }
        ThreadState state = BridgeGate.enter(h);
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
