package dev.warden.instrumentation.jdk.concurrent;

import static net.bytebuddy.matcher.ElementMatchers.isBridge;
import static net.bytebuddy.matcher.ElementMatchers.isDeclaredBy;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.ScopeBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.util.Set;
import java.util.concurrent.Callable;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Carries a tool's scope (and its trace context) to the work it hands to other threads:
 * <ul>
 *   <li>{@code ThreadPoolExecutor.execute} (every {@code submit} of it and of
 *       {@code Executors.newFixed/Cached/SingleThreadExecutor} reaches it) and
 *       {@code ScheduledThreadPoolExecutor.schedule}: the task is wrapped at submission and the
 *       scope restored only around its run;</li>
 *   <li>{@code ForkJoinPool.execute}/{@code submit} with a {@code Runnable} or {@code Callable}
 *       (the common pool behind {@code CompletableFuture.*Async});</li>
 *   <li>{@code Thread.start} and {@code VirtualThread.start} (JDK 21+; also reached by
 *       {@code Thread.ofVirtual().start}, {@code Executors.newVirtualThreadPerTaskExecutor} and
 *       {@code CompletableFuture}'s thread-per-task fallback): a thread started in a scope works
 *       in it for its whole life;</li>
 *   <li>{@code ThreadPoolExecutor.runWorker}: a pool worker started while a scope was active does
 *       not keep it.</li>
 * </ul>
 * Nothing is wrapped when no scope is active (one ThreadLocal read).
 */
public final class ConcurrencyInstrumentation implements WardenInstrumentation {

    static final String THREAD_POOL = "java.util.concurrent.ThreadPoolExecutor";
    static final String SCHEDULED_POOL = "java.util.concurrent.ScheduledThreadPoolExecutor";
    static final String FORK_JOIN_POOL = "java.util.concurrent.ForkJoinPool";
    static final String THREAD = "java.lang.Thread";
    static final String VIRTUAL_THREAD = "java.lang.VirtualThread";

    @Override
    public Set<String> targetTypes() {
        return Set.of(THREAD_POOL, SCHEDULED_POOL, FORK_JOIN_POOL, THREAD, VIRTUAL_THREAD);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(declaredBy(THREAD_POOL).and(named("execute")).and(takesArguments(1)),
                RunnableAdvice.class.getName());
        target.applyAdvice(declaredBy(THREAD_POOL).and(named("runWorker")), PoolWorkerAdvice.class.getName());
        target.applyAdvice(declaredBy(SCHEDULED_POOL).and(named("schedule")).and(takesArguments(3))
                .and(takesArgument(0, named(Runnable.class.getName()))), RunnableAdvice.class.getName());
        target.applyAdvice(declaredBy(SCHEDULED_POOL).and(named("schedule")).and(takesArguments(3))
                .and(takesArgument(0, named(Callable.class.getName()))), CallableAdvice.class.getName());
        target.applyAdvice(declaredBy(FORK_JOIN_POOL).and(isPublic()).and(named("execute").or(named("submit")))
                .and(takesArgument(0, named(Runnable.class.getName()))), RunnableAdvice.class.getName());
        target.applyAdvice(declaredBy(FORK_JOIN_POOL).and(isPublic()).and(named("submit")).and(takesArguments(1))
                .and(takesArgument(0, named(Callable.class.getName()))), CallableAdvice.class.getName());
        // start(ThreadContainer) (JDK 21+) is what thread-per-task executors call, bypassing start()
        target.applyAdvice(declaredBy(THREAD).or(declaredBy(VIRTUAL_THREAD)).and(named("start"))
                .and(takesArguments(0).or(takesArguments(1))), ThreadStartAdvice.class.getName());
    }

    /** Bridge methods (covariant returns) only call the real method, which is advised. */
    private static ElementMatcher.Junction<MethodDescription> declaredBy(String type) {
        return isDeclaredBy(named(type)).and(not(isBridge()));
    }

    public static final class RunnableAdvice {
        private RunnableAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(value = 0, readOnly = false) Runnable task) {
            task = ScopeBridge.wrap(task);
        }
    }

    public static final class CallableAdvice {
        private CallableAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.Argument(value = 0, readOnly = false, typing = Assigner.Typing.DYNAMIC) Callable<?> task) {
            task = ScopeBridge.wrap(task);
        }
    }

    public static final class PoolWorkerAdvice {
        private PoolWorkerAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter() {
            ScopeBridge.poolWorkerStarting();
        }
    }

    public static final class ThreadStartAdvice {
        private ThreadStartAdvice() {
        }

        @Advice.OnMethodEnter
        static void enter(@Advice.This Thread thread) {
            ScopeBridge.threadStarting(thread);
        }
    }
}
