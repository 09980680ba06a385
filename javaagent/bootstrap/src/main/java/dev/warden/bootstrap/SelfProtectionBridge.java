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

    /** {@code Instrumentation.retransformClasses}: the classes it retransforms ({@link SelfProtectionHooks#retransformable}). */
    public static Class<?>[] retransformable(Class<?>[] classes) throws UnmodifiableClassException {
        SelfProtectionHooks h = hooks;
        if (notInstalled(h) || classes == null) {
            return classes;
        }
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return classes;
        }
        try {
            return h.retransformable(classes);
        } catch (UnmodifiableClassException refused) {
            throw refused;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("self-protection", error)) {
                throw new UnmodifiableClassException(BridgeGate.internalDenial("class retransformation", error));
            }
            return classes;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /**
     * {@code InstrumentationImpl.loadClassAndStartAgent}, run for every agent after Warden's own
     * (a later {@code -javaagent}, or one attached to the running JVM): that agent's transformers run
     * after Warden's.
     */
    public static void agentStarting(String agentClass) {
        SelfProtectionHooks h = hooks;
        if (notInstalled(h)) {
            return;
        }
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return;
        }
        try {
            h.agentStarting(agentClass);
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code Instrumentation.redefineClasses}. */
    public static void checkRedefine(ClassDefinition[] definitions) throws UnmodifiableClassException {
        String denied = deniedRedefinition(definitions);
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

    /** Null when allowed. */
    private static String deniedRedefinition(ClassDefinition[] targets) {
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
                classes[i] = targets[i] == null ? null : targets[i].getDefinitionClass();
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
