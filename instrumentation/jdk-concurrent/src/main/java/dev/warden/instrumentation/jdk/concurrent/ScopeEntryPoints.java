package dev.warden.instrumentation.jdk.concurrent;

import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.List;

/**
 * Carries a tool's scope (and its trace context) to the work it hands to other threads
 * ({@code ScopeBridge}); nothing here denies. A task is wrapped at submission and the scope
 * restored only around its run; nothing is wrapped when no scope is active (one ThreadLocal read).
 * <ul>
 *   <li>{@code ThreadPoolExecutor.execute}: every {@code submit} of it and of
 *       {@code Executors.newFixed/Cached/SingleThreadExecutor} reaches it;</li>
 *   <li>{@code ForkJoinPool}: the common pool behind {@code CompletableFuture.*Async};</li>
 *   <li>{@code Thread.start} and {@code VirtualThread.start} (JDK 21+; {@code start(ThreadContainer)}
 *       is what thread-per-task executors call): a thread started in a scope works in it for its
 *       whole life;</li>
 *   <li>{@code ThreadPoolExecutor.runWorker}: a pool worker started while a scope was active does
 *       not keep it;</li>
 *   <li>{@code ScheduledThreadPoolExecutor}: one-shot, fixed-rate and fixed-delay schedules;</li>
 *   <li>{@code Cleaner.register}: the cleaning action;</li>
 *   <li>tasks the JDK runs as themselves, remembered by identity when handed off and run in their
 *       scope ({@code ForkJoinTask.doExec}): {@code ForkJoinTask.fork} (parallel streams, recursive
 *       tasks) and a {@code ForkJoinPool} given a {@code ForkJoinTask}; {@code Timer} tasks
 *       ({@code Timer.sched}, run by {@code TimerTaskInstrumentation}).</li>
 * </ul>
 */
public final class ScopeEntryPoints implements EntryPointCatalogue {

    private static final String SCOPES = "dev.warden.bootstrap.ScopeBridge";
    private static final String POOL = "java.util.concurrent.ThreadPoolExecutor";
    private static final String SCHEDULED = "java.util.concurrent.ScheduledThreadPoolExecutor";
    private static final String FORK_JOIN = "java.util.concurrent.ForkJoinPool";
    private static final String HAND_OFF = "hand-off: the task runs in the submitter's tool scope";
    private static final String NONE = "nothing denied";
    private static final String TASK = "java.util.concurrent.ForkJoinTask";

    @Override
    public List<EntryPoint> entryPoints() {
        return List.of(
                at(POOL, "execute(java.lang.Runnable)").arguments(0).access(HAND_OFF, NONE).replaceArgument(SCOPES, "wrap"),
                at(POOL, "runWorker(java.util.concurrent.ThreadPoolExecutor$Worker)")
                        .access("a pool worker starts: it keeps no scope it was started in", NONE)
                        .before(SCOPES, "poolWorkerStarting"),
                at(SCHEDULED, "schedule(java.lang.Runnable, long, java.util.concurrent.TimeUnit)").arguments(0)
                        .access(HAND_OFF, NONE).replaceArgument(SCOPES, "wrap"),
                at(SCHEDULED, "schedule(java.util.concurrent.Callable, long, java.util.concurrent.TimeUnit)").arguments(0)
                        .access(HAND_OFF, NONE).replaceArgument(SCOPES, "wrap"),
                at(SCHEDULED, "scheduleAtFixedRate(java.lang.Runnable, long, long, java.util.concurrent.TimeUnit)").arguments(0)
                        .access(HAND_OFF, NONE).replaceArgument(SCOPES, "wrap"),
                at(SCHEDULED, "scheduleWithFixedDelay(java.lang.Runnable, long, long, java.util.concurrent.TimeUnit)")
                        .arguments(0).access(HAND_OFF, NONE).replaceArgument(SCOPES, "wrap"),
                at("java.lang.ref.Cleaner", "register(java.lang.Object, java.lang.Runnable)").arguments(1)
                        .access("hand-off: the cleaning action runs in the registering tool's scope", NONE)
                        .replaceArgument(SCOPES, "wrap"),
                at(TASK, "fork()").self().access(HAND_OFF, NONE).before(SCOPES, "handingOff"),
                at(FORK_JOIN, "execute(java.util.concurrent.ForkJoinTask)").arguments(0).access(HAND_OFF, NONE)
                        .before(SCOPES, "forkJoinTaskSubmitted"),
                at(FORK_JOIN, "submit(java.util.concurrent.ForkJoinTask)").arguments(0).access(HAND_OFF, NONE)
                        .before(SCOPES, "forkJoinTaskSubmitted"),
                at(FORK_JOIN, "invoke(java.util.concurrent.ForkJoinTask)").arguments(0).access(HAND_OFF, NONE)
                        .before(SCOPES, "forkJoinTaskSubmitted"),
                at(TASK, "doExec()").self().access("a handed-off task runs in its scope", NONE).before(SCOPES, "taskStarting"),
                at(TASK, "doExec()").self().access("a handed-off task returns", NONE).after(SCOPES, "taskEnded"),
                at("java.util.Timer", "sched(java.util.TimerTask, long, long)").arguments(0).access(HAND_OFF, NONE)
                        .before(SCOPES, "timerTaskScheduled"),
                at(FORK_JOIN, "execute(java.lang.Runnable)").arguments(0).access(HAND_OFF, NONE).replaceArgument(SCOPES, "wrap"),
                at(FORK_JOIN, "submit(java.lang.Runnable)").arguments(0).access(HAND_OFF, NONE).replaceArgument(SCOPES, "wrap"),
                at(FORK_JOIN, "submit(java.lang.Runnable, java.lang.Object)").arguments(0).access(HAND_OFF, NONE)
                        .replaceArgument(SCOPES, "wrap"),
                at(FORK_JOIN, "submit(java.util.concurrent.Callable)").arguments(0).access(HAND_OFF, NONE)
                        .replaceArgument(SCOPES, "wrap"),
                at("java.lang.Thread", "start()").self().access("a thread starts in the current tool scope", NONE)
                        .before(SCOPES, "threadStarting"),
                at("java.lang.Thread", "start(jdk.internal.vm.ThreadContainer)").self().since(21)
                        .access("a thread starts in the current tool scope", NONE).before(SCOPES, "threadStarting"),
                at("java.lang.VirtualThread", "start()").self().since(21)
                        .access("a virtual thread starts in the current tool scope", NONE).before(SCOPES, "threadStarting"),
                at("java.lang.VirtualThread", "start(jdk.internal.vm.ThreadContainer)").self().since(21)
                        .access("a virtual thread starts in the current tool scope", NONE).before(SCOPES, "threadStarting"));
    }
}
