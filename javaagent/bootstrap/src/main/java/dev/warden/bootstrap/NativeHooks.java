package dev.warden.bootstrap;

/** What the agent decides about native code. Implemented by the agent core, reached through {@link NativeBridge}; each returns the denial message, or null when allowed. */
public interface NativeHooks {

    /**
     * A JNI library about to be loaded ({@code System.load}/{@code loadLibrary}, {@code Runtime.load}/{@code loadLibrary}).
     *
     * @param fromClass the class on whose behalf it is loaded (its loader gets the library)
     * @param name the library's canonical path, or the name of a library built into the launcher
     * @param builtin whether {@code name} is a built-in library's
     */
    String libraryLoad(Class<?> fromClass, String name, boolean builtin);

    /** An FFM restricted method ({@code owner.method}) called by {@code caller}. */
    String restrictedMethod(Class<?> caller, Class<?> owner, String method);

    /** {@code sun.misc.Unsafe} obtained ({@code how}: by {@code getUnsafe()}, reflection, a private lookup) by {@code caller} (null: find it on the stack). */
    String unsafeAccess(Class<?> caller, String how);
}
