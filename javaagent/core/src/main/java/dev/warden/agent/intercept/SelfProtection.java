package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.DeniedMessage;
import dev.warden.agent.access.OtherAgents;
import dev.warden.agent.access.SelfProtectionAttempt;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.Decision;
import dev.warden.agent.decide.JdkClasses;
import dev.warden.bootstrap.SelfProtectionHooks;
import java.lang.instrument.UnmodifiableClassException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
    /** The first agent started after Warden (its Premain- or Agent-Class), or null: none has. */
    private volatile String agentAfterWarden;

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
        Class<?> caller = caller();
        if (isWardens(caller)) {
            return null;
        }
        return decide(new SelfProtectionAttempt("redefine", protectedClass, "redefinition of " + protectedClass + askedBy(caller)),
                "it would remove Warden's checks");
    }

    /**
     * Warden's transformer re-weaves its checks into whatever the transformers before it return, and
     * the JVM runs the transformers of the agents started before Warden before Warden's: a
     * retransformation of a hooked JDK class is left alone until an agent starts after Warden. Then
     * that agent's transformers could take the checks out, so the hooked classes are left out of the
     * batch (in enforce mode; a denial each) and the rest is retransformed, which keeps an APM agent's
     * batch working. Warden's own classes are refused whoever listed first.
     */
    @Override
    public Class<?>[] retransformable(Class<?>[] classes) throws UnmodifiableClassException {
        String wardens = null;
        List<Class<?>> hooked = new ArrayList<>();
        for (Class<?> type : classes) {
            if (type != null && isWardens(type)) {
                wardens = type.getName();
            } else if (type != null && hookedClasses.contains(type.getName())) {
                hooked.add(type);
            }
        }
        String laterAgent = agentAfterWarden;
        if (wardens == null && (hooked.isEmpty() || laterAgent == null)) {
            return classes;
        }
        Class<?> caller = caller();
        if (isWardens(caller)) {
            return classes;
        }
        if (wardens != null) {
            String denied = decide(new SelfProtectionAttempt("retransform", wardens, "retransformation of " + wardens + askedBy(caller)),
                    "it would remove Warden's checks");
            if (denied != null) {
                throw new UnmodifiableClassException(denied);
            }
            return classes;
        }
        List<Class<?>> rest = new ArrayList<>(Arrays.asList(classes));
        for (Class<?> type : hooked) {
            String denied = decide(new SelfProtectionAttempt("retransform", type.getName(), "retransformation of " + type.getName()
                    + askedBy(caller)), "an agent started after Warden (" + laterAgent + ") could take Warden's checks out of it;"
                    + " it is left out, the rest of the batch is retransformed (an agent listed before Warden may retransform it)");
            if (denied != null) {
                rest.remove(type);
            }
        }
        return rest.toArray(new Class<?>[0]);
    }

    @Override
    public void agentStarting(String agentClass) {
        if (agentAfterWarden == null) {
            agentAfterWarden = agentClass;
        }
    }

    /**
     * Who asked, past the JDK's instrumentation and reflection frames and the bridge's (by class: a name
     * copies freely): a library's helper (ByteBuddy's invoker) names the agent on the stack too.
     */
    private Class<?> caller() {
        return STACK.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> {
                    String name = type.getName();
                    boolean bridge = name.startsWith("dev.warden.bootstrap.") && type.getClassLoader() == null;
                    boolean jdkPlumbing = (name.startsWith("sun.instrument.") || name.startsWith("jdk.internal.reflect.")
                            || name.startsWith("java.lang.reflect.")) && JdkClasses.isJdks(type);
                    return !bridge && !jdkPlumbing && type != SelfProtection.class;
                })
                .findFirst().orElse(null));
    }

    private String askedBy(Class<?> caller) {
        String agent = otherAgents.onStack();
        return (caller == null ? "" : " by " + caller.getName()) + (agent == null ? "" : " (" + agent + ")");
    }

    /** Denied in enforce mode; in audit and learn mode only reported. */
    private String decide(SelfProtectionAttempt attempt, String reason) {
        ActivePolicy policy = active.get();
        Decision decision = Decision.denied(RULE, reason, policy, null);
        DeniedMessage denial = mediator.apply(attempt, decision, spans);
        return denial == null ? null : denial.getMessage();
    }

    private boolean isWardens(Class<?> type) {
        if (type == null) {
            return false;
        }
        ClassLoader loader = type.getClassLoader();
        return type.getName().startsWith("dev.warden.") && (loader == agentLoader || loader == null);
    }

    private boolean isTrusted(ClassLoader loader) {
        return loader == null || loader == agentLoader || loader == ClassLoader.getPlatformClassLoader();
    }
}
