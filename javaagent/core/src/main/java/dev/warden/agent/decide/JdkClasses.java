package dev.warden.agent.decide;

/**
 * Whether a class is the JDK's own: a class of one of its modules (named, in the boot layer). Its
 * name says nothing: any class loader may define a class in a package named {@code sun.} or
 * {@code jdk.internal.} (only {@code java.} is kept to the JDK), and a module layer the app builds
 * is not the boot layer.
 */
public final class JdkClasses {

    private JdkClasses() {
    }

    public static boolean isJdks(Class<?> type) {
        Module module = type.getModule();
        return module.isNamed() && module.getLayer() == ModuleLayer.boot();
    }
}
