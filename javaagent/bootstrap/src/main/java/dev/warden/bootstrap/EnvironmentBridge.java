package dev.warden.bootstrap;

import java.util.Map;

/**
 * The door for the app's view of the process environment ({@code java.lang.ProcessEnvironment}: every
 * {@code System.getenv} and the copy every {@code ProcessBuilder} starts from): the variables secretless credentials
 * are read from are left out. Warden's own reads (its threads, its own work) see the whole environment. After
 * tampering (hooks cleared), or on an internal error with the failure mode closed, every variable is hidden, from
 * the app and from the children it starts.
 */
public final class EnvironmentBridge {

    private static volatile EnvironmentHooks hooks;

    private EnvironmentBridge() {
    }

    /** Installed once, by the holder of the capability handed to {@link WardenBridge#install}. */
    public static synchronized void install(EnvironmentHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("environment hooks are already installed");
        }
        hooks = installed;
    }

    /** {@code ProcessEnvironment.getenv(String)}: true returns null in place of the value. */
    public static boolean hides(String name) {
        EnvironmentHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return false;
        }
        try {
            return h.hides(name);
        } catch (Throwable error) {
            return BridgeGate.denyOnError("environment", error);
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code ProcessEnvironment.getenv()}: the map to return in its place, or null to let it run. */
    public static Map<String, String> appEnvironment() {
        EnvironmentHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return null;
        }
        try {
            return h.appEnvironment();
        } catch (Throwable error) {
            return BridgeGate.denyOnError("environment", error) ? Map.of() : null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code ProcessEnvironment.environment()}: the copy to return in its place, or null to let it run. */
    public static Map<String, String> childEnvironment() {
        EnvironmentHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return null;
        }
        try {
            return h.childEnvironment();
        } catch (Throwable error) {
            return BridgeGate.denyOnError("environment", error) ? emptyChildEnvironment() : null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /**
     * Failing closed, a child gets nothing of the JVM's environment: an empty copy of the type a child's environment
     * block is made from. Called inside the door, so {@code environment()} runs unmediated here.
     */
    private static Map<String, String> emptyChildEnvironment() {
        Map<String, String> copy = new ProcessBuilder().environment();
        copy.clear();
        return copy;
    }

    /**
     * For {@code ProcessBuilder.start}: whether a child that would inherit the JVM's whole environment must be given
     * the app's copy instead (the JDK hands a child with no environment of its own the process's native one).
     */
    public static boolean childNeedsCopy() {
        EnvironmentHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return false;
        }
        try {
            return h.hidesAny();
        } catch (Throwable error) {
            return BridgeGate.denyOnError("environment", error);
        } finally {
            BridgeGate.leave(state);
        }
    }
}
