package dev.warden.it.apps;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An agent listed before Warden's that loads a JDBC driver (a class Warden mediates) before Warden
 * can see it being defined. Its argument says which and when:
 * <ul>
 * <li>{@code driver}: the app's {@code PreloadedDriver}, in its premain;</li>
 * <li>{@code unweavable}: the driver Warden cannot weave ({@link UnweavableDriverApp}), in its premain;</li>
 * <li>{@code unweavable-while-warden-builds}: that driver, while Warden builds its ByteBuddy weaver (from
 * this agent's transformer, at the first ByteBuddy class Warden's loader defines): Warden's transformer
 * does not see it being defined, and retransforms it after;</li>
 * <li>{@code driver-while-warden-builds}: the app's {@code PreloadedDriver}, alike;</li>
 * <li>{@code driver-family}: the app's interface {@code DriverFamily} (a {@code java.sql.Driver}), in its
 * premain, not its driver {@code FamilyDriver}.</li>
 * </ul>
 */
public final class PreloadingAgent {
    /** The driver class this agent loaded, for the app. */
    public static volatile Class<?> preloaded;

    private PreloadingAgent() {
    }

    public static void premain(String what, Instrumentation instrumentation) throws Exception {
        switch (what) {
            case "driver" -> preloaded = Class.forName(PreloadedDriverApp.PRELOADED_DRIVER, true,
                    PreloadingAgent.class.getClassLoader());
            case "unweavable" -> preloaded = UnweavableDriverApp.loadDriverClass();
            case "unweavable-while-warden-builds" -> instrumentation.addTransformer(
                    new LoadsWhileWardenBuilds(UnweavableDriverApp::loadDriverClass));
            case "driver-while-warden-builds" -> instrumentation.addTransformer(new LoadsWhileWardenBuilds(
                    () -> Class.forName(PreloadedDriverApp.PRELOADED_DRIVER, true, PreloadingAgent.class.getClassLoader())));
            case "driver-family" -> Class.forName(PreloadedDriverApp.DRIVER_FAMILY, false, PreloadingAgent.class.getClassLoader());
            default -> throw new IllegalArgumentException(what);
        }
    }

    private interface DriverLoad {
        Class<?> load() throws ClassNotFoundException;
    }

    private static final class LoadsWhileWardenBuilds implements ClassFileTransformer {
        private final AtomicBoolean loaded = new AtomicBoolean();
        private final DriverLoad driver;

        LoadsWhileWardenBuilds(DriverLoad driver) {
            this.driver = driver;
        }

        @Override
        public byte[] transform(ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain,
                byte[] classFile) {
            if (className != null && className.endsWith("/net/bytebuddy/ByteBuddy") && !className.startsWith("net/")
                    && loaded.compareAndSet(false, true)) {
                try {
                    preloaded = driver.load();
                } catch (ClassNotFoundException missing) {
                    throw new IllegalStateException(missing);
                }
            }
            return null;
        }
    }
}
