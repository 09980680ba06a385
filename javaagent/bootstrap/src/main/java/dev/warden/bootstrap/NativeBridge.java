package dev.warden.bootstrap;

/**
 * The door for native code: JNI library loads ({@code NativeLibraries.loadLibrary}, which every
 * {@code System}/{@code Runtime} {@code load}/{@code loadLibrary} reaches with the library's canonical
 * path), the FFM API's restricted methods ({@code Reflection.ensureNativeAccess}, JDK 24+, which every
 * one of them calls) and {@code sun.misc.Unsafe} obtained by application code. What a class of the
 * boot or platform loader does for the JDK itself leaves after one class-loader read. Each denial is
 * the exception the API declares: {@code UnsatisfiedLinkError}, {@code IllegalCallerException}, and for
 * Unsafe {@code SecurityException} ({@code getUnsafe}), {@code InaccessibleObjectException}
 * ({@code setAccessible}) or {@code IllegalAccessException} ({@code privateLookupIn}).
 */
public final class NativeBridge {

    private static final String UNSAFE = "sun.misc.Unsafe";

    private static volatile NativeHooks hooks;

    private NativeBridge() {
    }

    /** Installed once, by the holder of the capability handed to {@link WardenBridge#install}. */
    public static synchronized void install(NativeHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("native hooks are already installed");
        }
        hooks = installed;
    }

    /** {@code NativeLibraries.loadLibrary(fromClass, name, isBuiltin)}, before the library is opened. */
    public static void beforeLoadLibrary(Class<?> fromClass, String name, boolean builtin) {
        if (isJdks(fromClass)) {
            return; // the JDK loading its own libraries, for itself
        }
        String denied = decide(0, fromClass, null, name, builtin);
        if (denied != null) {
            throw new UnsatisfiedLinkError(denied);
        }
    }

    /**
     * {@code Reflection.ensureNativeAccess(caller, owner, method, jni)}: FFM's restricted methods. The JNI ones
     * ({@code System}/{@code Runtime} {@code load}/{@code loadLibrary}, and with {@code jni} the binding of a loaded
     * library's native methods) are decided where the library loads.
     */
    public static void beforeRestrictedMethod(Class<?> caller, Class<?> owner, String method, boolean jni) {
        if (jni || owner == System.class || owner == Runtime.class || isJdks(caller)) {
            return;
        }
        String denied = decide(1, caller, owner, method, false);
        if (denied != null) {
            throw new IllegalCallerException(denied);
        }
    }

    /** {@code sun.misc.Unsafe.getUnsafe()}; its caller is found on the stack. */
    public static void checkGetUnsafe() {
        String denied = decide(2, null, null, "getUnsafe()", false);
        if (denied != null) {
            throw new SecurityException(denied);
        }
    }

    /**
     * From self-protection's {@code setAccessible} and {@code privateLookupIn} checks: the denial message when
     * {@code declaring} is {@code sun.misc.Unsafe} and {@code caller}, not the JDK's, may not obtain it; else null.
     */
    static String deniedUnsafeReflection(Class<?> caller, Class<?> declaring, String how) {
        if (declaring == null || !UNSAFE.equals(declaring.getName()) || isJdks(caller)) {
            return null;
        }
        return decide(2, caller, null, how, false);
    }

    private static boolean isJdks(Class<?> type) {
        if (type == null) {
            return false;
        }
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    /** @param what 0 library load, 1 FFM restricted method, 2 Unsafe */
    private static String decide(int what, Class<?> caller, Class<?> owner, String name, boolean builtin) {
        NativeHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return null;
        }
        try {
            return what == 0 ? h.libraryLoad(caller, name, builtin)
                    : what == 1 ? h.restrictedMethod(caller, owner, name)
                    : h.unsafeAccess(caller, name);
        } catch (Throwable error) {
            return BridgeGate.denyOnError("native", error)
                    ? BridgeGate.internalDenial(what == 0 ? "load of native library " + name : what == 1
                            ? "FFM restricted method " + name : "access to sun.misc.Unsafe", error)
                    : null;
        } finally {
            BridgeGate.leave(state);
        }
    }
}
