package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.DeniedMessage;
import dev.warden.agent.access.NativeUse;
import dev.warden.agent.decide.JdkClasses;
import dev.warden.agent.decide.NativeDecider;
import dev.warden.bootstrap.NativeHooks;
import java.util.Optional;

/**
 * Native code the app asks for: JNI library loads, FFM restricted methods, {@code sun.misc.Unsafe}; each
 * decided by the policy's {@code native:} section and recorded like any access (the door leaves the
 * JDK's own uses, by classes of the boot and platform loaders, alone before it calls here).
 */
public final class NativeCode implements NativeHooks {

    private static final StackWalker STACK = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private final NativeDecider decider;
    private final AccessMediator mediator;
    private final AccessSpans<? super NativeUse> spans;

    public NativeCode(NativeDecider decider, AccessMediator mediator, AccessSpans<? super NativeUse> spans) {
        this.decider = decider;
        this.mediator = mediator;
        this.spans = spans;
    }

    @Override
    public String libraryLoad(Class<?> fromClass, String name, boolean builtin) {
        return decide(NativeUse.library(name, nameOf(fromClass)));
    }

    @Override
    public String restrictedMethod(Class<?> caller, Class<?> owner, String method) {
        return decide(NativeUse.restrictedMethod((owner == null ? "" : owner.getSimpleName() + ".") + method, nameOf(caller)));
    }

    @Override
    public String unsafeAccess(Class<?> caller, String how) {
        Class<?> asking = caller != null ? caller : callerOfGetUnsafe().orElse(null);
        if (asking != null && isJdks(asking)) {
            return null; // the JDK's own use
        }
        return decide(NativeUse.unsafe(how, nameOf(asking)));
    }

    private String decide(NativeUse use) {
        DeniedMessage denial = mediator.mediate(use, request -> decider.decide(request.access()), spans);
        return denial == null ? null : denial.getMessage();
    }

    /** The first frame above {@code getUnsafe()} that is not reflection's or Warden's (by class: a name copies freely). */
    private static Optional<Class<?>> callerOfGetUnsafe() {
        return STACK.walk(frames -> frames.map(StackWalker.StackFrame::getDeclaringClass)
                .filter(type -> {
                    String name = type.getName();
                    boolean wardens = type.getClassLoader() == NativeCode.class.getClassLoader()
                            || name.startsWith("dev.warden.bootstrap.") && type.getClassLoader() == null;
                    boolean jdkPlumbing = (name.equals("sun.misc.Unsafe") || name.startsWith("java.lang.invoke.")
                            || name.startsWith("java.lang.reflect.") || name.startsWith("jdk.internal.reflect."))
                            && JdkClasses.isJdks(type);
                    return !wardens && !jdkPlumbing;
                })
                .findFirst());
    }

    private static boolean isJdks(Class<?> type) {
        ClassLoader loader = type.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    private static String nameOf(Class<?> type) {
        return type == null ? null : type.getName();
    }
}
