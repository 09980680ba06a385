package dev.warden.agent;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Defines the bridge's classes (the JDK's woven code calls them) in the boot loader, the way
 * ByteBuddy's {@code ClassInjector.UsingUnsafe} does, instead of appending a jar to the boot class
 * path: an appended jar turns off class-data sharing for every class not on the boot loader (the app's
 * own archive included) and makes the JVM print a warning into the app's standard error, and
 * its file had to be extracted to a temporary directory at each start.
 *
 * <p>{@code jdk.internal.misc} is exported to Warden's own class loader only, never to the app's.
 * Called by the launcher before any class that names the bridge is loaded: the verifier of such a
 * class loads the bridge types it checks against.
 */
public final class BootLoaderBridge {

    private static final String UNSAFE = "jdk.internal.misc.Unsafe";

    private BootLoaderBridge() {
    }

    /**
     * Defines every class of {@code classFiles} (binary name to class file) in the boot loader; a
     * class's supertypes are defined before it, whatever the map's order.
     */
    public static void define(Instrumentation instrumentation, Map<String, byte[]> classFiles) throws Throwable {
        Module javaBase = Object.class.getModule();
        instrumentation.redefineModule(javaBase, Set.of(), Map.of("jdk.internal.misc", Set.of(BootLoaderBridge.class.getModule())),
                Map.of(), Set.of(), Map.of());
        Class<?> unsafeType = Class.forName(UNSAFE);
        // one method handle called exactly: a reflective call per class would make the JDK build
        // an accessor (JDK 17) or a chain of method-handle classes (JDK 18+) first
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        Object unsafe = lookup.findStatic(unsafeType, "getUnsafe", MethodType.methodType(unsafeType)).invoke();
        MethodHandle defineClass = lookup.findVirtual(unsafeType, "defineClass", MethodType.methodType(Class.class,
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class)).bindTo(unsafe);
        List<String> pending = new ArrayList<>(classFiles.keySet());
        while (!pending.isEmpty()) {
            List<String> supertypeMissing = new ArrayList<>();
            LinkageError lastMissing = null;
            for (String name : pending) {
                byte[] classFile = classFiles.get(name);
                try {
                    // the cast and the assignment give invokeExact the handle's exact type
                    Class<?> defined = (Class<?>) defineClass.invokeExact(name, classFile, 0, classFile.length,
                            (ClassLoader) null, (ProtectionDomain) null);
                } catch (NoClassDefFoundError missing) {
                    supertypeMissing.add(name);
                    lastMissing = missing;
                } catch (Throwable failed) {
                    throw new IllegalStateException("cannot define " + name + " in the boot loader", failed);
                }
            }
            if (supertypeMissing.size() == pending.size()) {
                throw new IllegalStateException("cannot define " + pending + " in the boot loader", lastMissing);
            }
            pending = supertypeMissing;
        }
    }
}
