package dev.warden.instrumentation.jdk.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.ScopeBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * The {@code run} of the app's {@code TimerTask}s: a task scheduled inside a tool
 * ({@code Timer.sched}, in {@code ScopeEntryPoints}) runs on the timer's thread in that tool's
 * scope. A {@code TimerTask} cannot be wrapped (the app keeps it to cancel it), so its own
 * {@code run} enters the scope it was scheduled in.
 */
public final class TimerTaskInstrumentation implements WardenInstrumentation {

    /** The methods the advice applies to: the matcher below and {@link #adviceMethodNames()} name the same. */
    private static final String RUN = "run";

    @Override
    public Set<String> targetTypes() {
        return Set.of();
    }

    @Override
    public Set<String> targetSupertypes() {
        return Set.of("java.util.TimerTask");
    }

    @Override
    public Set<String> adviceMethodNames() {
        return Set.of(RUN);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named(RUN).and(takesArguments(0)), RunAdvice.class.getName());
    }

    public static final class RunAdvice {
        private RunAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Object task) {
            ScopeBridge.taskStarting(task);
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.This Object task) {
            ScopeBridge.taskEnded(task);
        }
    }
}
