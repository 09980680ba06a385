package dev.warden.instrumentation.jdk.nativecode;

import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.List;

/**
 * Native code ({@code NativeBridge}, the policy's {@code native:} section): the one method every JNI
 * load reaches with the library's canonical path, the one check every FFM restricted method makes,
 * and {@code sun.misc.Unsafe.getUnsafe()} (the reflective ways to Unsafe are self-protection's
 * {@code setAccessible} and {@code privateLookupIn} lines). See the README's "Native code".
 */
public final class NativeEntryPoints implements EntryPointCatalogue {

    private static final String NATIVE = "dev.warden.bootstrap.NativeBridge";

    @Override
    public List<EntryPoint> entryPoints() {
        return List.of(
                // System/Runtime load and loadLibrary (ClassLoader.loadLibrary, every search path candidate), with
                // the canonical path of an existing file or a built-in library's name
                at("jdk.internal.loader.NativeLibraries", "loadLibrary(java.lang.Class, java.lang.String, boolean)")
                        .arguments(0, 1, 2).access("native library load", "throws UnsatisfiedLinkError")
                        .before(NATIVE, "beforeLoadLibrary"),
                // every @Restricted method of java.lang.foreign (downcallHandle, upcallStub, libraryLookup,
                // reinterpret, ...) calls it with its caller; System/Runtime load and loadLibrary call it too and are decided above
                at("jdk.internal.reflect.Reflection", "ensureNativeAccess(java.lang.Class, java.lang.Class, java.lang.String, boolean)")
                        .arguments(0, 1, 2, 3).since(24).access("FFM restricted method", "throws IllegalCallerException")
                        .before(NATIVE, "beforeRestrictedMethod"),
                at("sun.misc.Unsafe", "getUnsafe()").access("sun.misc.Unsafe obtained", "throws SecurityException")
                        .before(NATIVE, "checkGetUnsafe"));
    }
}
