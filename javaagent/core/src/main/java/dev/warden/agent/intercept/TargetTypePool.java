package dev.warden.agent.intercept;

import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.pool.TypePool;

/**
 * Describes the class being woven from the bytes the JVM handed the transformer (another agent may
 * have changed them), and every other type from its loader's shared pool, so that the types a
 * library's classes have in common are read once per loader rather than once per woven class.
 */
final class TargetTypePool extends TypePool.Default {
    private final String targetName;
    private final TypePool others;

    TargetTypePool(String targetName, byte[] classFile, TypePool others) {
        super(new CacheProvider.Simple(), ClassFileLocator.Simple.of(targetName, classFile), ReaderMode.FAST);
        this.targetName = targetName;
        this.others = others;
    }

    @Override
    public Resolution describe(String name) {
        return name.equals(targetName) ? super.describe(name) : others.describe(name);
    }
}
