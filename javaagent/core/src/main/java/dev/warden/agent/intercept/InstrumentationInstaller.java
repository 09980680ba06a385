package dev.warden.agent.intercept;

import dev.warden.agent.AgentStarter;
import dev.warden.agent.decide.UrlLevelConnections;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.Denial;
import dev.warden.bootstrap.JdbcBridge;
import dev.warden.bootstrap.SelfProtectionBridge;
import dev.warden.bootstrap.TrafficBridge;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.instrument.UnmodifiableClassException;
import dev.warden.agent.access.OtherAgents;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Installs every {@link EntryPointCatalogue} and {@link WardenInstrumentation} found in Warden's
 * class loader.
 *
 * <p>A transformer that looks at class names only is registered at once, so no target class can
 * load unmediated. The classes the catalogues name are woven by the small {@link EntryPointWeaver}:
 * the JDK's by name (those loaded before {@code premain}, files, threads, reflection, before it
 * returns), and the implementations of the catalogued interfaces (JDBC drivers and pools, of any
 * loader) as {@link SupertypeMatcher} finds them. The ByteBuddy weaver behind the other
 * instrumentations (hundreds of classes) is built by the first thread that loads one of their
 * targets, so an app that never uses a client library or an AI framework never pays for it.
 *
 * <p>The targets already loaded at start (the JDK's, and an app's classes that an agent listed
 * before Warden loaded, matched by name and by supertype as the transformer matches them: {@link
 * LoadedTargets}) are retransformed before {@code premain} returns.
 *
 * <p>A target that cannot be woven is a hole in enforcement. In learn and audit mode it is one
 * warning line and the class runs unmediated; in enforce mode it never does: a class already
 * loaded at start refuses the start, one loaded later is defined as a {@link RefusedClass} that
 * throws Warden's reason on first use, and one retransformed later (loaded while ByteBuddy was
 * being built, unseen by the transformer) stops the JVM.
 */
public final class InstrumentationInstaller {

    private InstrumentationInstaller() {
    }

    /**
     * Returns the names of the hooked classes. {@code enforcing}: whether the policy in force
     * blocks, asked when a target cannot be woven.
     *
     * @throws UnwovenTargetsException in enforce mode, when a class loaded at start could not be woven
     */
    public static List<String> install(Instrumentation instrumentation, ClassLoader agentLoader,
            CodeSegmentClasses codeSegments, OtherAgents otherAgents, Object capability, BooleanSupplier enforcing) throws UnmodifiableClassException, UnwovenTargetsException {
        loadBridgeClassesFirst();
        // loops, not lambdas or streams, on this path: each lambda spins a class before the app's main
        List<WardenInstrumentation> instrumentations = new ArrayList<>();
        Set<String> adviceTargets = new HashSet<>();
        Set<String> targetSupertypes = new HashSet<>();
        Set<String> advisedMethodNames = new HashSet<>();
        boolean everyAdvisedMethodNamed = true;
        for (WardenInstrumentation each : ServiceFiles.load(WardenInstrumentation.class, agentLoader)) {
            instrumentations.add(each);
            adviceTargets.addAll(each.targetTypes());
            if (!each.targetSupertypes().isEmpty()) {
                targetSupertypes.addAll(each.targetSupertypes());
                advisedMethodNames.addAll(each.adviceMethodNames());
                everyAdvisedMethodNamed &= !each.adviceMethodNames().isEmpty();
            }
        }
        Map<String, List<EntryPoint>> catalogue = new HashMap<>();
        Map<String, List<EntryPoint>> implementationsCatalogue = new HashMap<>();
        readCatalogues(agentLoader, catalogue, implementationsCatalogue);
        Set<String> allTargets = new HashSet<>(adviceTargets);
        for (String internalName : catalogue.keySet()) {
            String name = internalName.replace('/', '.');
            if (!allTargets.add(name)) {
                throw new IllegalStateException(name + " is both in an entry-point catalogue and advised by ByteBuddy");
            }
        }
        Set<String> advisedSupertypes = new HashSet<>(targetSupertypes);
        for (Map.Entry<String, List<EntryPoint>> supertype : implementationsCatalogue.entrySet()) {
            if (!targetSupertypes.add(supertype.getKey().replace('/', '.'))) {
                throw new IllegalStateException(supertype.getKey() + " is both in an entry-point catalogue and advised by ByteBuddy");
            }
            for (EntryPoint entry : supertype.getValue()) {
                advisedMethodNames.add(entry.methodName());
            }
        }
        addReadEdgesToBridge(instrumentation, allTargets);

        Unwoven unwoven = new Unwoven(enforcing);
        SupertypeMatcher supertypes = new SupertypeMatcher(targetSupertypes,
                everyAdvisedMethodNamed ? advisedMethodNames : null, agentLoader);
        LoadedTargets loadedTargets = new LoadedTargets(allTargets, supertypes, otherAgents, instrumentation);
        AdviceWeavers adviceWeaver = new AdviceWeavers(instrumentations, agentLoader, instrumentation, loadedTargets,
                capability, unwoven);
        GatedTransformer transformer = new GatedTransformer(catalogue, implementationsCatalogue, adviceTargets,
                advisedSupertypes, supertypes, codeSegments, otherAgents, adviceWeaver, unwoven);
        instrumentation.addTransformer(transformer, true);
        List<Class<?>> alreadyLoaded = loadedTargets.among(instrumentation.getAllLoadedClasses());
        if (!alreadyLoaded.isEmpty()) {
            // the app cannot run before these are mediated
            instrumentation.retransformClasses(alreadyLoaded.toArray(new Class<?>[0]));
        }
        unwoven.refuseIfEnforcing();
        List<String> names = new ArrayList<>(allTargets);
        for (String supertype : targetSupertypes) {
            names.add("implementations of " + supertype);
        }
        names.add("classes in code segments");
        names.sort(null);
        return names;
    }

    /**
     * The entry points of every catalogue that this JDK has, by the internal name of their class
     * ({@code byType}) or of the supertype whose implementations declare them ({@code byImplementedType}).
     */
    private static void readCatalogues(ClassLoader agentLoader, Map<String, List<EntryPoint>> byType,
            Map<String, List<EntryPoint>> byImplementedType) {
        int feature = Runtime.version().feature();
        for (EntryPointCatalogue catalogue : ServiceFiles.load(EntryPointCatalogue.class, agentLoader)) {
            for (EntryPoint entry : catalogue.entryPoints()) {
                if (entry.inJdk(feature)) {
                    Map<String, List<EntryPoint>> index = entry.implementations() ? byImplementedType : byType;
                    String internalName = entry.type().replace('.', '/');
                    List<EntryPoint> ofType = index.get(internalName);
                    if (ofType == null) {
                        ofType = new ArrayList<>();
                        index.put(internalName, ofType);
                    }
                    ofType.add(entry);
                }
            }
        }
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
            Class.forName(dev.warden.bootstrap.NativeBridge.class.getName(), true, null);
            Class.forName(dev.warden.bootstrap.EnvironmentBridge.class.getName(), true, null);
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
            if (!module.canRead(bridge) && !Collections.disjoint(module.getPackages(), packages)) {
                instrumentation.redefineModule(module, Set.of(bridge), Map.of(), Map.of(), Set.of(), Map.of());
            }
        }
    }

    /**
     * Looks at the class name first; a JDK class costs one set lookup. A class of an app's loader
     * is also checked for the target supertypes (its class file header, see
     * {@link SupertypeMatcher}) and, when the policy has code segments, against their packages.
     */
    private static final class GatedTransformer implements ClassFileTransformer {
        private final Map<String, List<EntryPoint>> catalogue;
        /** Entry points for the implementations of a supertype, by its internal name. */
        private final Map<String, List<EntryPoint>> implementationsCatalogue;
        private final Set<String> adviceTargets = new HashSet<>();
        /** Internal names of the supertypes whose implementations get ByteBuddy advice. */
        private final Set<String> advisedSupertypes = new HashSet<>();
        private final SupertypeMatcher supertypes;
        private final CodeSegmentClasses codeSegments;
        private final OtherAgents otherAgents;
        private final AdviceWeavers adviceWeaver;
        private final EntryPointWeaver entryPointWeaver = new EntryPointWeaver();
        private final Unwoven unwoven;

        GatedTransformer(Map<String, List<EntryPoint>> catalogue, Map<String, List<EntryPoint>> implementationsCatalogue,
                Set<String> adviceTargets, Set<String> advisedSupertypes, SupertypeMatcher supertypes,
                CodeSegmentClasses codeSegments, OtherAgents otherAgents, AdviceWeavers adviceWeaver, Unwoven unwoven) {
            this.unwoven = unwoven;
            this.otherAgents = otherAgents;
            this.catalogue = catalogue;
            this.implementationsCatalogue = implementationsCatalogue;
            for (String name : adviceTargets) {
                this.adviceTargets.add(name.replace('.', '/'));
            }
            for (String name : advisedSupertypes) {
                this.advisedSupertypes.add(name.replace('.', '/'));
            }
            this.supertypes = supertypes;
            this.codeSegments = codeSegments;
            this.adviceWeaver = adviceWeaver;
        }

        @Override
        public byte[] transform(Module module, ClassLoader loader, String className, Class<?> redefined,
                ProtectionDomain domain, byte[] classFile) {
            if (className == null) {
                return null;
            }
            List<EntryPoint> entries = catalogue.get(className);
            if (entries != null) {
                return loader == null ? weaveEntryPoints(className, classFile, entries, redefined != null) : null;
            }
            if (otherAgents.definesForItself(loader, domain)) {
                return null;
            }
            Set<String> implemented = Set.of();
            boolean inCodeSegment = codeSegments.holds(loader, className);
            boolean advised = adviceTargets.contains(className);
            if (!advised) {
                if (!supertypes.isEmpty()) {
                    implemented = supertypes.match(loader, className, classFile);
                }
                if (implemented.isEmpty() && !inCodeSegment) {
                    return null;
                }
            }
            // Warden's own weaver for the catalogued supertypes; ByteBuddy only where its advice applies
            String typeName = className.replace('/', '.');
            byte[] woven = null;
            List<EntryPoint> implementationEntries = implementationEntries(implemented);
            if (!implementationEntries.isEmpty()) {
                try {
                    // an implementation that does not declare a method has nothing of it to weave: no list of misses
                    woven = entryPointWeaver.weave(classFile, implementationEntries, new ArrayList<>());
                } catch (Throwable failed) {
                    return unwoven.failed(typeName, failed.toString(), classFile, redefined != null);
                }
            }
            if (!advised && !inCodeSegment && !anyAdvised(implemented)) {
                return woven;
            }
            try {
                byte[] advisedFile = adviceWeaver.get().weave(typeName, woven == null ? classFile : woven, loader,
                        implemented, inCodeSegment);
                if (advisedFile != null) {
                    UrlLevelConnections.clientClassWoven(loader, typeName, domain);
                }
                return advisedFile == null ? woven : advisedFile;
            } catch (Throwable failed) {
                return unwoven.failed(typeName, failed.toString(), classFile, redefined != null);
            }
        }

        private List<EntryPoint> implementationEntries(Set<String> implemented) {
            if (implemented.isEmpty() || implementationsCatalogue.isEmpty()) {
                return List.of();
            }
            List<EntryPoint> entries = new ArrayList<>();
            for (String supertype : implemented) {
                List<EntryPoint> ofSupertype = implementationsCatalogue.get(supertype);
                if (ofSupertype != null) {
                    entries.addAll(ofSupertype);
                }
            }
            return entries;
        }

        private boolean anyAdvised(Set<String> implemented) {
            for (String supertype : implemented) {
                if (advisedSupertypes.contains(supertype)) {
                    return true;
                }
            }
            return false;
        }

        private byte[] weaveEntryPoints(String className, byte[] classFile, List<EntryPoint> entries, boolean loaded) {
            String typeName = className.replace('/', '.');
            try {
                List<EntryPoint> missing = new ArrayList<>();
                byte[] woven = entryPointWeaver.weave(classFile, entries, missing);
                for (EntryPoint entry : missing) {
                    // the class itself is woven: only this method's hook is missing, nothing to refuse at load
                    unwoven.failed(typeName + "." + entry.method(), "this JDK has no such method", null, true);
                }
                return woven;
            } catch (Throwable failed) {
                return unwoven.failed(typeName, failed.toString(), classFile, loaded);
            }
        }
    }

    /** Thrown by {@link #install} in enforce mode: the one line of a refused start. */
    public static final class UnwovenTargetsException extends Exception {
        private static final long serialVersionUID = 1L;

        UnwovenTargetsException(String message) {
            super(message);
        }
    }

    /**
     * Targets that could not be woven. Loaded ones (retransformed) are kept for the caller of
     * {@code retransformClasses} to judge; one being defined is judged here.
     */
    private static final class Unwoven {
        private final BooleanSupplier enforcing;
        private final Set<String> reported = ConcurrentHashMap.newKeySet();
        private final Map<String, String> loaded = new ConcurrentHashMap<>();

        Unwoven(BooleanSupplier enforcing) {
            this.enforcing = enforcing;
        }

        /** What the transformer returns for a target it could not weave. */
        byte[] failed(String what, String why, byte[] classFile, boolean alreadyLoaded) {
            boolean enforce = enforcing.getAsBoolean();
            if (alreadyLoaded) {
                loaded.putIfAbsent(what, why);
                if (!enforce && reported.add(what)) {
                    WardenLog.warn("could not instrument " + what + ", its accesses are NOT mediated: " + why);
                }
                return null;
            }
            if (!enforce) {
                if (reported.add(what)) {
                    WardenLog.warn("could not instrument " + what + ", its accesses are NOT mediated: " + why);
                }
                return null;
            }
            String reason = "warden: " + what + " could not be instrumented (" + why + "); in enforce mode a class"
                    + " Warden mediates is never used unmediated";
            if (reported.add(what)) {
                WardenLog.warn("could not instrument " + what + ", so it is refused: its first use throws "
                        + "SecurityException (enforce mode): " + why);
            }
            return RefusedClass.standIn(classFile, reason);
        }

        /**
         * After a retransformation: in enforce mode, a loaded class left unwoven cannot be taken
         * back from the app, so Warden does not run the JVM. Judges each failure once.
         */
        void refuseIfEnforcing() throws UnwovenTargetsException {
            Map<String, String> judged = new TreeMap<>(loaded);
            loaded.keySet().removeAll(judged.keySet());
            if (!judged.isEmpty() && enforcing.getAsBoolean()) {
                throw new UnwovenTargetsException("could not instrument " + String.join(", ", judged.keySet())
                        + " (" + judged.values().iterator().next() + "): in enforce mode Warden does not run a JVM"
                        + " whose accesses through them would not be mediated");
            }
        }

        boolean enforcing() {
            return enforcing.getAsBoolean();
        }
    }

    /**
     * The ByteBuddy weaver, built by the first thread that loads one of its targets. That thread is
     * inside Warden's transformer, so the JVM defines whatever it loads meanwhile (its own loads, or
     * another agent's transformer's) without Warden's transformer: the targets among the classes
     * loaded during the build are retransformed right after, on a Warden thread.
     */
    private static final class AdviceWeavers {
        private final List<WardenInstrumentation> instrumentations;
        private final ClassLoader agentLoader;
        private final Instrumentation instrumentation;
        private final LoadedTargets loadedTargets;
        private final Object capability;
        private final Unwoven unwoven;
        private volatile AdviceWeaver built;

        AdviceWeavers(List<WardenInstrumentation> instrumentations, ClassLoader agentLoader, Instrumentation instrumentation,
                LoadedTargets loadedTargets, Object capability, Unwoven unwoven) {
            this.unwoven = unwoven;
            this.instrumentations = instrumentations;
            this.agentLoader = agentLoader;
            this.instrumentation = instrumentation;
            this.loadedTargets = loadedTargets;
            this.capability = capability;
        }

        AdviceWeaver get() {
            AdviceWeaver ready = built;
            if (ready != null) {
                return ready;
            }
            List<Class<?>> missed;
            synchronized (this) {
                if (built != null) {
                    return built;
                }
                Set<Class<?>> before = Collections.newSetFromMap(new IdentityHashMap<>());
                for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                    before.add(type);
                }
                built = new AdviceWeaver(instrumentations, agentLoader);
                List<Class<?>> loadedMeanwhile = new ArrayList<>();
                for (Class<?> type : instrumentation.getAllLoadedClasses()) {
                    if (!before.contains(type)) {
                        loadedMeanwhile.add(type);
                    }
                }
                missed = loadedTargets.among(loadedMeanwhile.toArray(new Class<?>[0]));
            }
            if (!missed.isEmpty()) {
                weaveMissedLater(missed);
            }
            return built;
        }

        private void weaveMissedLater(List<Class<?>> missed) {
            Thread late = new Thread(() -> {
                WardenBridge.markOwnThread(capability);
                try {
                    instrumentation.retransformClasses(missed.toArray(new Class<?>[0]));
                    unwoven.refuseIfEnforcing();
                } catch (UnwovenTargetsException refused) {
                    stopTheJvm(refused.getMessage());
                } catch (Throwable failed) {
                    if (unwoven.enforcing()) {
                        stopTheJvm("could not weave " + missed + ": " + failed);
                    }
                    WardenLog.warn("could not weave " + missed + ", they are NOT hooked: " + failed);
                }
            }, "warden-instrumentation-late");
            late.setDaemon(true);
            late.start();
        }

        /** The classes are already in use and cannot be taken back: enforce mode stops the JVM. */
        private static void stopTheJvm(String why) {
            WardenLog.fatal("Warden stops the JVM: " + why);
            Runtime.getRuntime().halt(AgentStarter.REFUSED);
        }
    }
}
