package dev.warden.agent.intercept;

import dev.warden.instrumentation.api.WardenInstrumentation;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.scaffold.TypeValidation;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.matcher.ElementMatcher;
import net.bytebuddy.pool.TypePool;

/**
 * Inlines each instrumentation's ByteBuddy {@link Advice} into its target class file. Only
 * ByteBuddy's redefinition and Advice are used, not its AgentBuilder: for a handful of named JDK
 * methods the agent builder's machinery (and its class injection through {@code Unsafe}) costs far
 * more startup than it gives.
 */
final class AdviceWeaver {

    private record AdviceOnMethods(ElementMatcher<? super MethodDescription> methods, TypeDescription advice) {
    }

    private final Map<String, List<AdviceOnMethods>> adviceByType = new HashMap<>();
    /** By internal name of the target supertype ({@code java/sql/Driver}). */
    private final Map<String, List<AdviceOnMethods>> adviceBySupertype = new HashMap<>();
    private final ClassFileLocator adviceLocator;
    private final ByteBuddy byteBuddy = new ByteBuddy()
            .with(TypeValidation.DISABLED)
            .with(Implementation.Context.Disabled.Factory.INSTANCE);

    AdviceWeaver(List<WardenInstrumentation> instrumentations, ClassLoader agentLoader) {
        this.adviceLocator = ClassFileLocator.ForClassLoader.of(agentLoader);
        TypePool advicePool = TypePool.Default.of(adviceLocator);
        for (WardenInstrumentation instrumentation : instrumentations) {
            List<AdviceOnMethods> advice = new ArrayList<>();
            instrumentation.transform((methods, adviceClassName) ->
                    advice.add(new AdviceOnMethods(methods, advicePool.describe(adviceClassName).resolve())));
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
     * it implements ({@code implemented}: internal names); {@code targetLoader} is null for the boot loader.
     */
    byte[] weave(String typeName, byte[] classFile, ClassLoader targetLoader, Set<String> implemented) {
        ClassFileLocator locator = new ClassFileLocator.Compound(
                ClassFileLocator.Simple.of(typeName, classFile),
                targetLoader == null ? ClassFileLocator.ForClassLoader.ofBootLoader()
                        : ClassFileLocator.ForClassLoader.of(targetLoader),
                adviceLocator);
        TypeDescription type = TypePool.Default.of(locator).describe(typeName).resolve();
        List<AsmVisitorWrapper> visitors = new ArrayList<>();
        List<AdviceOnMethods> advice = new ArrayList<>(adviceByType.getOrDefault(typeName, List.of()));
        for (String supertype : implemented) {
            advice.addAll(adviceBySupertype.getOrDefault(supertype, List.of()));
        }
        for (AdviceOnMethods each : advice) {
            visitors.add(Advice.to(each.advice(), adviceLocator).on(each.methods()));
        }
        return byteBuddy.redefine(type, locator)
                .visit(new AsmVisitorWrapper.Compound(visitors))
                .make()
                .getBytes();
    }
}
