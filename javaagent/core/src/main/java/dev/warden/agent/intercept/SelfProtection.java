package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.DeniedMessage;
import dev.warden.agent.access.OtherAgents;
import dev.warden.agent.access.SelfProtectionAttempt;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.Decision;
import dev.warden.bootstrap.SelfProtectionHooks;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Decides attempts to reach into Warden: reflection into its classes from the app's class loaders
 * (the JDK's own reflection is left alone), and redefinition or retransformation of Warden's
 * classes or of the JDK classes carrying its advice by anyone but Warden. Denied in enforce mode;
 * in audit and learn mode only reported.
 */
public final class SelfProtection implements SelfProtectionHooks {

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    /** The "rule" named in denials and records: Warden's own protection, not a policy rule. */
    static final String RULE = "self-protection";

    private final ClassLoader agentLoader;
    private final Set<String> hookedClasses;
    private final OtherAgents otherAgents;
    private final Supplier<ActivePolicy> active;
    private final AccessMediator mediator;
    private final AccessSpans<? super SelfProtectionAttempt> spans;

    public SelfProtection(ClassLoader agentLoader, Set<String> hookedClasses, OtherAgents otherAgents,
            Supplier<ActivePolicy> active, AccessMediator mediator, AccessSpans<? super SelfProtectionAttempt> spans) {
        this.agentLoader = agentLoader;
        this.hookedClasses = Set.copyOf(hookedClasses);
        this.otherAgents = otherAgents;
        this.active = active;
        this.mediator = mediator;
        this.spans = spans;
    }

    @Override
    public String reflectiveAccess(Class<?> caller, Class<?> declaring) {
        if (!isWardens(declaring) || caller == null || isTrusted(caller.getClassLoader())) {
            return null;
        }
        return decide(new SelfProtectionAttempt("reflect", declaring.getName(),
                "reflective access to " + declaring.getName() + " from " + caller.getName()), "Warden's classes are closed to the app");
    }

    @Override
    public String redefinition(Class<?>[] classes) {
        String protectedClass = null;
        for (Class<?> type : classes) {
            if (type != null && (isWardens(type) || hookedClasses.contains(type.getName()))) {
                protectedClass = type.getName();
                break;
            }
        }
        if (protectedClass == null) {
            return null;
        }
        Class<?> caller = STACK.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> !type.getName().startsWith("sun.instrument.") && !type.getName().startsWith("dev.warden.bootstrap.")
                        && type != SelfProtection.class && !type.getName().startsWith("jdk.internal.reflect.")
                        && !type.getName().startsWith("java.lang.reflect."))
                .findFirst().orElse(null));
        if (caller != null && caller.getClassLoader() == agentLoader) {
            return null;
        }
        // the caller may be a library's helper (ByteBuddy's invoker): name the agent whose code asked, if one did
        String agent = otherAgents.onStack();
        return decide(new SelfProtectionAttempt("redefine", protectedClass,
                "redefinition of " + protectedClass + (caller == null ? "" : " by " + caller.getName())
                        + (agent == null ? "" : " (" + agent + ")")),
                "it would remove Warden's checks");
    }

    /** Denied in enforce mode; in audit and learn mode only reported. */
    private String decide(SelfProtectionAttempt attempt, String reason) {
        ActivePolicy policy = active.get();
        Decision decision = Decision.denied(RULE, reason, policy, null);
        DeniedMessage denial = mediator.apply(attempt, decision, spans);
        return denial == null ? null : denial.getMessage();
    }

    private boolean isWardens(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return type.getName().startsWith("dev.warden.") && (loader == agentLoader || loader == null);
    }

    private boolean isTrusted(ClassLoader loader) {
        return loader == null || loader == agentLoader || loader == ClassLoader.getPlatformClassLoader();
    }
}
