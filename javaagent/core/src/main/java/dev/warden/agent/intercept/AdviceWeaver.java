package dev.warden.agent.intercept;

import dev.warden.agent.record.WardenLog;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.MethodGraph;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.matcher.ElementMatchers;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines each instrumentation's ByteBuddy {@link Advice} into its target class file. Only
 * ByteBuddy's redefinition and Advice are used, not its AgentBuilder: for a handful of named JDK
 * methods the agent builder's machinery (and its class injection through {@code Unsafe}) costs far
 * more startup than it gives.
 */
final class AdviceWeaver {

    /**
     * The advice class by name: advice for a library the app loads names the library's types, which
     * only the target's class loader can resolve, so it is described when a target is woven.
     */
    private record AdviceOnMethods(WardenInstrumentation instrumentation,
            ElementMatcher<? super MethodDescription> methods, String adviceClassName) {
    }

    private final Map<ClassLoader, LoaderTypes> typesByLoader = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile LoaderTypes bootTypes;

    /** Per instrumentation, per class loader: does the library there have a supported version. */
    private final Map<WardenInstrumentation, Map<ClassLoader, Boolean>> versionChecks = new ConcurrentHashMap<>();

    private final Map<String, List<AdviceOnMethods>> adviceByType = new HashMap<>();
    /** By internal name of the target supertype ({@code java/sql/Driver}). */
    private final Map<String, List<AdviceOnMethods>> adviceBySupertype = new HashMap<>();
    private final ClassFileLocator adviceLocator;
    /**
     * Every method, constructor and static initializer of a class in a code segment: {@link CodeSegmentAdvice},
     * {@link CodeSegmentConstructors}; built at the first such class (a policy without code segments never reads it).
     */
    private volatile AsmVisitorWrapper codeSegmentAdvice;
    /**
     * Advice only rewrites the methods a class declares: the method graph of its declared methods is
     * all a redefinition needs, not one resolved across every supertype (which reads their class files).
     */
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE)
            .with(MethodGraph.Compiler.ForDeclaredMethods.INSTANCE);

    AdviceWeaver(List<WardenInstrumentation> instrumentations, ClassLoader agentLoader) {
        this.adviceLocator = ClassFileLocator.ForClassLoader.of(agentLoader);
        for (WardenInstrumentation instrumentation : instrumentations) {
            List<AdviceOnMethods> advice = new ArrayList<>();
            instrumentation.transform((methods, adviceClassName) ->
                    advice.add(new AdviceOnMethods(instrumentation, methods, adviceClassName)));
            for (String type : instrumentation.targetTypes()) {
                adviceByType.computeIfAbsent(type, t -> new ArrayList<>()).addAll(advice);
            }
            for (String supertype : instrumentation.targetSupertypes()) {
                adviceBySupertype.computeIfAbsent(supertype.replace('.', '/'), t -> new ArrayList<>()).addAll(advice);
            }
        }
    }

    /**
     * The class file with its advice inlined: the advice for its name and for each target supertype
     * it implements ({@code implemented}: internal names), of the instrumentations that support the
     * library version in {@code targetLoader} (null for the boot loader), and the code-segment advice
     * on every method when the class is in one ({@code inCodeSegment}); null when nothing applies.
     */
    byte[] weave(String typeName, byte[] classFile, ClassLoader targetLoader, Set<String> implemented,
            boolean inCodeSegment) {
        List<AdviceOnMethods> applicable = new ArrayList<>();
        List<AdviceOnMethods> candidates = new ArrayList<>(adviceByType.getOrDefault(typeName, List.of()));
        for (String supertype : implemented) {
            candidates.addAll(adviceBySupertype.getOrDefault(supertype, List.of()));
        }
        for (AdviceOnMethods each : candidates) {
            if (supported(each.instrumentation(), targetLoader)) {
                applicable.add(each);
            }
        }
        if (applicable.isEmpty() && !inCodeSegment) {
            return null;
        }
        LoaderTypes types = loaderTypes(targetLoader);
        ClassFileLocator locator = new ClassFileLocator.Compound(ClassFileLocator.Simple.of(typeName, classFile), types.locator);
        TypePool pool = new TargetTypePool(typeName, classFile, types.pool);
        TypeDescription type = pool.describe(typeName).resolve();
        List<AsmVisitorWrapper> visitors = new ArrayList<>();
        for (AdviceOnMethods each : applicable) {
            visitors.add(types.advice(each.adviceClassName()).on(each.methods()));
        }
        if (inCodeSegment) {
            visitors.add(codeSegmentAdvice());
        }
        return byteBuddy.redefine(type, locator)
                .visit(new AsmVisitorWrapper.Compound(visitors))
                .make()
                .getBytes();
    }

    private LoaderTypes loaderTypes(ClassLoader loader) {
        if (loader == null) {
            LoaderTypes boot = bootTypes;
            if (boot == null) {
                boot = new LoaderTypes(null);
                bootTypes = boot;
            }
            return boot;
        }
        return typesByLoader.computeIfAbsent(loader, LoaderTypes::new);
    }

    /**
     * What weaving in one class loader reuses from class to class: the descriptions of the types
     * the targets and the advice name, and the advice built against them. It holds its loader
     * weakly, so a discarded loader (an undeployed web app) goes with its entry.
     */
    private final class LoaderTypes {
        final ClassFileLocator locator;
        /** Every type but the one being woven, which {@link TargetTypePool} describes from its bytes. */
        final TypePool pool;
        /**
         * Warden's own advice classes first: a class of the same name on the app's class path (a
         * bench jar carrying Warden's classes unrelocated, or one planted to neuter a hook) must
         * never stand in for them; the library types the advice names still come from the loader.
         */
        final TypePool advicePool;
        final Map<String, Advice> advice = new ConcurrentHashMap<>();

        LoaderTypes(ClassLoader loader) {
            locator = loader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                    : ClassFileLocator.ForClassLoader.WeaklyReferenced.of(loader);
            pool = new LoadedTypeFallbackPool(new ClassFileLocator.Compound(locator, adviceLocator), loader);
            advicePool = TypePool.Default.of(new ClassFileLocator.Compound(adviceLocator, locator));
        }

        Advice advice(String adviceClassName) {
            Advice built = advice.get(adviceClassName);
            if (built == null) {
                built = Advice.to(advicePool.describe(adviceClassName).resolve(), adviceLocator);
                advice.putIfAbsent(adviceClassName, built);
            }
            return built;
        }
    }

    private AsmVisitorWrapper codeSegmentAdvice() {
        AsmVisitorWrapper built = codeSegmentAdvice;
        if (built == null) {
            built = new AsmVisitorWrapper.Compound(
                    Advice.to(CodeSegmentAdvice.class, adviceLocator).on(
                            ElementMatchers.<MethodDescription>isMethod().or(ElementMatchers.isTypeInitializer())
                                    .and(ElementMatchers.not(ElementMatchers.isAbstract()))
                                    .and(ElementMatchers.not(ElementMatchers.isNative()))),
                    new AsmVisitorWrapper.ForDeclaredMethods()
                            .constructor(ElementMatchers.any(), new CodeSegmentConstructors())
                            .writerFlags(ClassWriter.COMPUTE_FRAMES));
            codeSegmentAdvice = built;
        }
        return built;
    }

    private boolean supported(WardenInstrumentation instrumentation, ClassLoader loader) {
        Map<ClassLoader, Boolean> byLoader = versionChecks.computeIfAbsent(instrumentation,
                i -> Collections.synchronizedMap(new WeakHashMap<>()));
        synchronized (byLoader) {
            Boolean known = byLoader.get(loader);
            if (known == null) {
                known = instrumentation.supportsVersionIn(loader);
                byLoader.put(loader, known);
                if (!known) {
                    WardenLog.debug(instrumentation.getClass().getSimpleName() + " skipped in " + loader
                            + ": the library there is not a supported version (supported: "
                            + instrumentation.supportedVersions() + ")");
                }
            }
            return known;
        }
    }
}
