package dev.warden.agent.intercept;

import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.Denial;
import dev.warden.bootstrap.SelfProtectionBridge;
import dev.warden.bootstrap.TrafficBridge;
import dev.warden.bootstrap.JdbcBridge;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Installs every {@link WardenInstrumentation} found in Warden's class loader.
 *
 * <p>A transformer that looks at class names only is registered at once, so no target class can
 * load unmediated. The weaver behind it (ByteBuddy, hundreds of classes) is built on a Warden
 * thread while the app starts: a target class that loads before the weaver is ready waits for it,
 * so enforcement never lags behind, and an app that never touches the network never pays for it.
 */
public final class InstrumentationInstaller {

    private InstrumentationInstaller() {
    }

    /** Returns the names of the hooked classes. */
    public static List<String> install(Instrumentation instrumentation, ClassLoader agentLoader, Object capability)
            throws UnmodifiableClassException {
        loadBridgeClassesFirst();
        List<WardenInstrumentation> instrumentations = new ArrayList<>();
        ServiceLoader.load(WardenInstrumentation.class, agentLoader).forEach(instrumentations::add);
        Set<String> targetNames = new HashSet<>();
        instrumentations.forEach(each -> targetNames.addAll(each.targetTypes()));
        Set<String> targetSupertypes = new HashSet<>();
        instrumentations.forEach(each -> targetSupertypes.addAll(each.targetSupertypes()));
        addReadEdgesToBridge(instrumentation, targetNames);

        CompletableFuture<AdviceWeaver> weaver = new CompletableFuture<>();
        GatedTransformer transformer = new GatedTransformer(targetNames,
                new SupertypeMatcher(targetSupertypes, agentLoader), weaver);
        instrumentation.addTransformer(transformer, true);

        Set<String> weaveLater = new HashSet<>();
        instrumentations.stream().filter(WardenInstrumentation::weaveLoadedTargetsLater)
                .forEach(each -> weaveLater.addAll(each.targetTypes()));
        List<Class<?>> alreadyLoaded = new ArrayList<>();
        List<Class<?>> loadedForLater = new ArrayList<>();
        for (Class<?> loaded : loadedTargets(instrumentation, targetNames)) {
            (weaveLater.contains(loaded.getName()) ? loadedForLater : alreadyLoaded).add(loaded);
        }
        if (!alreadyLoaded.isEmpty()) {
            // the app cannot run before these are mediated: build the weaver now, on this thread
            weaver.complete(new AdviceWeaver(instrumentations, agentLoader));
            instrumentation.retransformClasses(alreadyLoaded.toArray(new Class<?>[0]));
            if (!loadedForLater.isEmpty()) {
                Thread late = new Thread(() -> {
                    WardenBridge.markOwnThread(capability);
                    try {
                        instrumentation.retransformClasses(loadedForLater.toArray(new Class<?>[0]));
                    } catch (Throwable failed) {
                        WardenLog.warn("could not weave classes loaded before Warden started, they are NOT hooked: " + failed);
                    }
                }, "warden-instrumentation-late");
                late.setDaemon(true);
                late.start();
            }
        } else {
            Thread builder = new Thread(() -> {
                WardenBridge.markOwnThread(capability);
                try {
                    transformer.builderThread = Thread.currentThread();
                    weaver.complete(new AdviceWeaver(instrumentations, agentLoader));
                    // targets this thread itself loaded while building went through unwoven
                    List<Class<?>> missed = loadedTargets(instrumentation, transformer.passedUnwoven);
                    missed.addAll(loadedForLater);
                    if (!missed.isEmpty()) {
                        instrumentation.retransformClasses(missed.toArray(new Class<?>[0]));
                    }
                } catch (Throwable failed) {
                    if (!weaver.completeExceptionally(failed)) {
                        WardenLog.warn("could not weave classes loaded before Warden started, they are NOT hooked: " + failed);
                    }
                }
            }, "warden-instrumentation-init");
            builder.setDaemon(true);
            builder.start();
        }
        List<String> names = new ArrayList<>(targetNames);
        targetSupertypes.forEach(supertype -> names.add("implementations of " + supertype));
        names.sort(null);
        return names;
    }

    /** Classes the advice calls are loaded now, not while a hooked java.* class is being loaded. */
    private static void loadBridgeClassesFirst() {
        try {
            Class.forName(Denial.class.getName(), true, null);
            Class.forName(WardenBridge.class.getName(), true, null);
            Class.forName(SelfProtectionBridge.class.getName(), true, null);
            Class.forName(TrafficBridge.class.getName(), true, null);
            Class.forName(dev.warden.bootstrap.FileBridge.class.getName(), true, null);
            Class.forName(JdbcBridge.class.getName(), true, null);
            Class.forName(dev.warden.bootstrap.ScopeBridge.class.getName(), true, null);
            Class.forName(dev.warden.bootstrap.ZoneBridge.class.getName(), true, null);
            Class.forName(dev.warden.bootstrap.TlsBridge.class.getName(), true, null);
        } catch (ClassNotFoundException bootstrapMissing) {
            throw new IllegalStateException("the Warden bootstrap bridge is not on the boot class path", bootstrapMissing);
        }
    }

    /**
     * Advice inlined into {@code java.base} or {@code java.net.http} calls the bridge, which lives in
     * the boot loader's unnamed module: those modules must read it, or the call fails with
     * IllegalAccessError.
     */
    private static void addReadEdgesToBridge(Instrumentation instrumentation, Set<String> targetNames) {
        Set<String> packages = new HashSet<>();
        for (String name : targetNames) {
            packages.add(name.substring(0, name.lastIndexOf('.')));
        }
        Module bridge = WardenBridge.class.getModule();
        for (Module module : ModuleLayer.boot().modules()) {
            if (module.getPackages().stream().anyMatch(packages::contains) && !module.canRead(bridge)) {
                instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
            }
        }
    }

    private static List<Class<?>> loadedTargets(Instrumentation instrumentation, Set<String> names) {
        List<Class<?>> loaded = new ArrayList<>();
        if (names.isEmpty()) {
            return loaded;
        }
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            if (names.contains(type.getName())) {
                loaded.add(type);
            }
        }
        return loaded;
    }

    /**
     * Looks at the class name first; a JDK class costs one set lookup. A class of an app's loader
     * is also checked for the target supertypes (its class file header, see
     * {@link SupertypeMatcher}). A target waits for the weaver (except on the thread building it,
     * which would wait for itself).
     */
    private static final class GatedTransformer implements ClassFileTransformer {
        private final Set<String> internalNames = new HashSet<>();
        private final SupertypeMatcher supertypes;
        private final CompletableFuture<AdviceWeaver> weaver;
        private final Set<String> passedUnwoven = java.util.concurrent.ConcurrentHashMap.newKeySet();
        private final Set<String> reportedFailures = java.util.concurrent.ConcurrentHashMap.newKeySet();
        volatile Thread builderThread;

        GatedTransformer(Set<String> targetNames, SupertypeMatcher supertypes, CompletableFuture<AdviceWeaver> weaver) {
            for (String name : targetNames) {
                internalNames.add(name.replace('.', '/'));
            }
            this.supertypes = supertypes;
            this.weaver = weaver;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                ProtectionDomain domain, byte[] classFile) {
            if (className == null) {
                return null;
            }
            Set<String> implemented = Set.of();
            if (!internalNames.contains(className)) {
                if (supertypes.isEmpty() || (implemented = supertypes.match(loader, className, classFile)).isEmpty()) {
                    return null;
                }
            }
            String typeName = className.replace('/', '.');
            if (!weaver.isDone() && Thread.currentThread() == builderThread) {
                passedUnwoven.add(typeName);
                return null;
            }
            try {
                return weaver.join().weave(typeName, classFile, loader, implemented);
            } catch (Throwable failed) {
                // a hook that could not be woven is a gap in enforcement: say so loudly, once
                if (reportedFailures.add(typeName)) {
                    WardenLog.warn("could not instrument " + typeName + ", its accesses are NOT mediated: " + failed);
                }
                return null;
            }
        }
    }
}
