package dev.warden.agent.intercept;

import java.lang.ref.WeakReference;
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

    /** Weakly: the pool lives as long as Warden weaves in the loader, and must not keep it alive. */
    private final WeakReference<ClassLoader> loader;
    private final boolean bootLoader;

    /** {@code loader}: the target's class loader, null for the boot loader. */
    LoadedTypeFallbackPool(ClassFileLocator locator, ClassLoader loader) {
        super(new CacheProvider.Simple(), locator, ReaderMode.FAST);
        this.loader = new WeakReference<>(loader);
        this.bootLoader = loader == null;
    }

    @Override
    protected Resolution doDescribe(String name) {
        Resolution fromClassFile = super.doDescribe(name);
        if (fromClassFile.isResolved()) {
            return fromClassFile;
        }
        ClassLoader target = loader.get();
        if (target == null && !bootLoader) {
            return fromClassFile;
        }
        try {
            return new FromLoadedClass(TypeDescription.ForLoadedType.of(Class.forName(name, false, target)));
        } catch (ClassNotFoundException | LinkageError notThere) {
            return fromClassFile;
        }
    }

    /** A loaded class's description is not cached: it holds the class, and with it its loader. */
    @Override
    protected Resolution doCache(String name, Resolution resolution) {
        return resolution instanceof FromLoadedClass ? resolution : super.doCache(name, resolution);
    }

    private static final class FromLoadedClass extends Resolution.Simple {
        FromLoadedClass(TypeDescription type) {
            super(type);
        }
    }
}
