package dev.warden.agent.intercept;

import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Describes types from their class files, as ByteBuddy's default pool does; a type without one
 * that its loader already has (an interface another agent generated and added to the target, such
 * as the OpenTelemetry agent's virtual-field markers) is described from the loaded class instead.
 * Without this, a class another agent transformed first could not be woven, and its accesses would
 * go unmediated.
 */
final class LoadedTypeFallbackPool extends TypePool.Default {

    private final ClassLoader loader;

    /** {@code loader}: the target's class loader, null for the boot loader. */
    LoadedTypeFallbackPool(ClassFileLocator locator, ClassLoader loader) {
        super(new CacheProvider.Simple(), locator, ReaderMode.FAST);
        this.loader = loader;
    }

    @Override
    protected Resolution doDescribe(String name) {
        Resolution fromClassFile = super.doDescribe(name);
        if (fromClassFile.isResolved()) {
            return fromClassFile;
        }
        try {
            return new Resolution.Simple(TypeDescription.ForLoadedType.of(Class.forName(name, false, loader)));
        } catch (ClassNotFoundException | LinkageError notThere) {
            return fromClassFile;
        }
    }
}
