package dev.warden.agent.decide;

import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.Scope;
import java.lang.StackWalker.Option;
import java.util.Optional;

/**
 * Which code segment the caller of an access belongs to. The caller is the nearest frame on the
 * stack whose class is neither the JDK's (boot or platform loader, including Warden's bridge and
 * the reflection machinery) nor Warden's own: the application or library class that asked. Asked
 * only when the policy has code segments; the answer is cached per class ({@link ClassValue}) for
 * the policy in force.
 */
public final class CodeOrigins {

    private static final StackWalker WALKER = StackWalker.getInstance(Option.RETAIN_CLASS_REFERENCE);

    /** Warden's own loader: its classes (and everything it carries, relocated) are never the caller. */
    private final ClassLoader wardenLoader = CodeOrigins.class.getClassLoader();
    private volatile PerPolicy cache;

    private record PerPolicy(PolicyEngine engine, ClassValue<Optional<Scope>> scopes) {
    }

    /** The code scope of the nearest application frame, or null when it is in no code segment. */
    Scope scopeOfCaller(PolicyEngine engine) {
        Class<?> caller = WALKER.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(this::isApplication).findFirst().orElse(null));
        return caller == null ? null : scopesFor(engine).get(caller).orElse(null);
    }

    private ClassValue<Optional<Scope>> scopesFor(PolicyEngine engine) {
        PerPolicy known = cache;
        if (known == null || known.engine() != engine) {
            known = new PerPolicy(engine, new ClassValue<>() {
                @Override
                protected Optional<Scope> computeValue(Class<?> type) {
                    return Optional.ofNullable(engine.codeScope(type.getName()));
                }
            });
            cache = known;
        }
        return known.scopes();
    }

    private boolean isApplication(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader != null && loader != wardenLoader && loader != ClassLoader.getPlatformClassLoader()
                && !type.getName().startsWith("jdk.internal.reflect.");
    }
}
