package dev.warden.instrumentation.api;

import java.util.Set;

/**
 * One instrumented library or JDK area: the classes it transforms and the advice it applies.
 * Implementations are found with {@link java.util.ServiceLoader} inside Warden's class loader.
 *
 * <p>Advice classes are inlined into the target, so they may call only
 * {@code dev.warden.bootstrap.WardenBridge} and types the target class itself can see.
 *
 * <p>Matchers name types by string ({@code named("java.net.InetAddress")}), never by class literal:
 * the weaver is built while the app may be loading a target class and waiting for it, and a class
 * literal of that class would make the two threads wait for each other.
 */
public interface WardenInstrumentation {

    /**
     * Exact binary names of the classes to transform. Matching by name only keeps startup cheap:
     * no type description is built for the thousands of other classes the app loads.
     */
    Set<String> targetTypes();

    /**
     * Binary names of interfaces whose implementations are transformed, for targets that the app's
     * own class loader brings (JDBC drivers, pools). The installer reads each loaded class's
     * supertypes from class files, never loading a class, and only where the app's loader is the
     * defining one; JDK classes take the name-only path.
     */
    default Set<String> targetSupertypes() {
        return Set.of();
    }

    /**
     * The names of the methods this instrumentation's advice can apply to in an implementation of
     * {@link #targetSupertypes()}; empty when not known. A class that declares none of these methods
     * is left as it is whatever it implements, so its supertypes are not read when it is defined.
     */
    default Set<String> adviceMethodNames() {
        return Set.of();
    }

    /** Applies this instrumentation's advice to a matched type. */
    void transform(AdviceTarget target);

    /** The library versions this instrumentation supports, as the debug line names them when it skips one. */
    default String supportedVersions() {
        return "every version";
    }

    /**
     * Whether the library that {@code loader} (null: the boot loader) holds is a version this
     * instrumentation supports; when not, its targets in that loader are left alone (with a debug
     * line) instead of being woven with advice that does not fit. Asked once per loader, from
     * inside the loading of a target class: look at resources ({@link ClassLoader#getResource}),
     * never load a class.
     */
    default boolean supportsVersionIn(ClassLoader loader) {
        return true;
    }
}
