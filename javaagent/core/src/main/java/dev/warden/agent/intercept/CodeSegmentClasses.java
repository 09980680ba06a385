package dev.warden.agent.intercept;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.record.WardenLog;
import dev.warden.policy.decide.PolicyEngine;
import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The application classes that the policy's {@code code:} segments name: they are woven with
 * {@link CodeSegmentAdvice}, so that a thread knows which segments' code it runs (and every access
 * it makes there, through any library or helper, is narrowed) without walking its stack. A policy
 * without code segments weaves nothing; a reload that names new classes retransforms those already
 * loaded ({@link #policyReplaced}).
 */
public final class CodeSegmentClasses {

    private final Supplier<ActivePolicy> active;
    private final ClassLoader agentLoader;

    public CodeSegmentClasses(Supplier<ActivePolicy> active, ClassLoader agentLoader) {
        this.active = active;
        this.agentLoader = agentLoader;
    }

    /** Whether the class {@code internalName} that {@code loader} defines is in a code segment of the policy in force. */
    boolean holds(ClassLoader loader, String internalName) {
        return holds(active.get().engine(), loader, internalName);
    }

    private boolean holds(PolicyEngine engine, ClassLoader loader, String internalName) {
        return engine.hasCodeSegments() && isApplicationLoader(loader)
                && engine.codeScope(internalName.replace('/', '.')) != null;
    }

    private boolean isApplicationLoader(ClassLoader loader) {
        return loader != null && loader != agentLoader && loader != ClassLoader.getPlatformClassLoader();
    }

    /**
     * {@code next} replaced {@code previous}: the loaded classes it puts in code segments that were
     * in none before are woven now. Runs on the reloading (Warden) thread.
     */
    public void policyReplaced(ActivePolicy previous, ActivePolicy next, Instrumentation instrumentation) {
        if (!next.engine().hasCodeSegments()) {
            return;
        }
        List<Class<?>> newlyHeld = new ArrayList<>();
        for (Class<?> type : instrumentation.getAllLoadedClasses()) {
            String name = type.getName().replace('.', '/');
            if (!type.isArray() && !type.isHidden() && holds(next.engine(), type.getClassLoader(), name)
                    && !holds(previous.engine(), type.getClassLoader(), name)) {
                newlyHeld.add(type);
            }
        }
        if (newlyHeld.isEmpty()) {
            return;
        }
        try {
            instrumentation.retransformClasses(newlyHeld.toArray(new Class<?>[0]));
        } catch (Throwable failed) {
            WardenLog.warn("could not weave the " + newlyHeld.size() + " loaded classes the new policy's code segments name,"
                    + " their accesses are NOT narrowed: " + failed);
        }
    }
}
