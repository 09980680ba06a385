package dev.warden.bootstrap;

import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * The door for tool scopes: advice in AI libraries' tool execution opens a scope for the tool's
 * duration ({@link #toolStarted}/{@link #toolEnded}); advice in executors and {@code Thread.start}
 * carries it to the work the tool hands to other threads ({@link #wrap}, {@link #threadStarting}).
 * Decisions read {@link #current()}: one ThreadLocal read when no tool runs.
 *
 * <p>A thread started inside a scope works in that scope for its whole life; a pooled worker never
 * keeps one: tasks are wrapped at submission and the scope is restored only around their run, and
 * a pool worker started while a scope was active drops it when it starts working
 * ({@link #poolWorkerStarting}).
 */
public final class ScopeBridge {

    private static volatile ScopeHooks hooks;
    /** Set with the hooks: hooks that read as missing after that were cleared, not "not installed yet". */
    private static volatile boolean installed;

    /** Threads started inside a scope, not yet running: their first read of the scope finds it here. */
    private static final Map<Thread, ActiveScope> STARTED_IN_SCOPE = new WeakHashMap<>();
    private static volatile boolean anyStartedInScope;

    private static final ThreadLocal<ActiveScope> CURRENT = new ThreadLocal<ActiveScope>() {
        @Override
        protected ActiveScope initialValue() {
            ActiveScope started = anyStartedInScope ? takeStartedScope(Thread.currentThread()) : null;
            if (started != null) {
                attachForLife(started);
            }
            return started;
        }
    };

    /** What {@link #codeEntered} returns when it changed nothing. */
    public static final Object NOTHING_ENTERED = new Object();
    /** What {@link #codeEntered} returns when the thread worked in no scope before. */
    private static final Object OUTSIDE_ANY_SCOPE = new Object();

    private ScopeBridge() {
    }

    /** Installed once, by the holder of the capability handed to {@link WardenBridge#install}. */
    public static synchronized void install(ScopeHooks installing, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("scope hooks are already installed");
        }
        CURRENT.get(); // load and initialise before any advice runs (class circularity)
        new ScopedRunnable(null, null).getClass();
        new ScopedCallable<Object>(null, null).getClass();
        TaskScopes.of(ScopeBridge.class);
        RUNNING_TASKS.get().push(new RunningTask(null, null));
        RUNNING_TASKS.get().clear();
        new ActiveScope(null, null, null, null).withCode(null);
        new ToolDenied(null).getClass();
        hooks = installing;
        installed = true;
    }

    /**
     * The tool call and code segments this thread works for, or null. Throws once the hooks were
     * cleared from outside: a decision cannot know its scope then, so it fails, and fails closed.
     */
    public static ActiveScope current() {
        if (hooks == null) {
            if (!installed) {
                return null;
            }
            BridgeGate.hooksCleared();
            throw new IllegalStateException("the scope door's hooks were cleared from outside");
        }
        return CURRENT.get();
    }

    /**
     * A tool starts on this thread. Returns what {@link #toolEnded} takes: null when nothing was
     * opened (Warden not started, Warden's own thread, or a nested hook of the same call), or a
     * {@link ToolDenied} when the policy refuses the call: then no scope is opened, the tool must
     * not run, and the advice makes the library report the denial as the tool's error.
     *
     * @param call the library's request object for this call
     */
    public static Object toolStarted(ToolCall tool, Object call) {
        ScopeHooks read = hooks;
        if (tool == null || tool.name() == null) {
            return null;
        }
        if (read == null) {
            if (!installed) {
                return null;
            }
            BridgeGate.hooksCleared(); // a tool no one can decide must not run
            return new ToolDenied(BridgeGate.internalDenial("tool call " + tool.name(),
                    new IllegalStateException("the scope door's hooks were cleared from outside")));
        }
        ActiveScope previous = CURRENT.get();
        if (previous != null && previous.call() == call) {
            return null;
        }
        ThreadState state = BridgeGate.enter(read);
        if (state == null) {
            return null;
        }
        try {
            Object started = read.toolStarted(tool);
            if (started instanceof ToolDenied denied) {
                return denied;
            }
            ActiveScope scope = new ActiveScope(tool.name(), call, read.contextOf(started),
                    previous == null ? null : previous.code());
            CURRENT.set(scope);
            return new OpenedTool(started, previous);
        } catch (Throwable error) {
            return BridgeGate.denyOnError("tool", error)
                    ? new ToolDenied(BridgeGate.internalDenial("tool call " + tool.name(), error)) : null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /**
     * What a library that runs a tool by calling its executor interface runs in a refused call's
     * place: an implementation of {@code executorType} whose every method throws {@code denied}, so
     * the denial comes out of the very call the library already catches a tool's failure around.
     */
    public static Object refusingExecutor(Class<?> executorType, ToolDenied denied) {
        return java.lang.reflect.Proxy.newProxyInstance(executorType.getClassLoader(), new Class<?>[] {executorType},
                new Refusing(denied));
    }

    /** The handler of {@link #refusingExecutor}'s proxies (a class, not a lambda: no bootstrap method in a denial). */
    private static final class Refusing implements java.lang.reflect.InvocationHandler {
        private final ToolDenied denied;

        Refusing(ToolDenied denied) {
            this.denied = denied;
        }

        @Override
        public Object invoke(Object proxy, java.lang.reflect.Method method, Object[] arguments) {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> proxy == arguments[0];
                    case "hashCode" -> System.identityHashCode(proxy);
                    default -> "refused tool (" + denied.getMessage() + ")";
                };
            }
            throw denied;
        }
    }

    /** The tool {@link #toolStarted} opened has returned or thrown {@code error}; nothing for a {@link ToolDenied}. */
    public static void toolEnded(Object opened, Throwable error) {
        toolEnded(opened, error, false);
    }

    /**
     * The tool {@link #toolStarted} opened has returned or thrown {@code error}; {@code errorResult}:
     * what it returned is the library's error result (an MCP {@code CallToolResult} with
     * {@code isError}, a tool error the library turned into the result the LLM reads), though
     * nothing may have been thrown.
     */
    public static void toolEnded(Object opened, Throwable error, boolean errorResult) {
        if (!(opened instanceof OpenedTool tool)) {
            return;
        }
        restore(tool.previous);
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return;
        }
        try {
            hooks.toolEnded(tool.started, error, errorResult);
        } catch (Throwable failure) {
            BridgeGate.report("tool scope", failure);
        } finally {
            BridgeGate.leave(state);
        }
    }

    /**
     * A method of a class in a code segment starts on this thread (advice woven into the classes
     * the policy's {@code code:} segments name): the thread works in that segment until the method
     * returns, whatever it calls. Returns what {@link #codeLeft} takes: {@link #NOTHING_ENTERED}
     * when the thread already works in every segment of that class (the common case).
     */
    public static Object codeEntered(Class<?> type) {
        ScopeHooks read = hooks;
        if (read == null) {
            return NOTHING_ENTERED;
        }
        ThreadState state = BridgeGate.enter(read);
        if (state == null) {
            return NOTHING_ENTERED;
        }
        try {
            ActiveScope current = CURRENT.get();
            Object code = current == null ? null : current.code();
            Object entered = read.codeEntered(type, code);
            if (entered == code) {
                return NOTHING_ENTERED;
            }
            CURRENT.set(current == null ? new ActiveScope(null, null, null, entered) : current.withCode(entered));
            return current == null ? OUTSIDE_ANY_SCOPE : current;
        } catch (Throwable error) {
            BridgeGate.report("code scope", error);
            return NOTHING_ENTERED;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** The method {@link #codeEntered} saw start has returned or thrown: the thread's scope before it. */
    public static void codeLeft(Object entered) {
        if (entered == NOTHING_ENTERED) {
            return;
        }
        restore(entered == OUTSIDE_ANY_SCOPE ? null : (ActiveScope) entered);
    }

    /**
     * An AI agent is invoked on this thread (an AI service method): its span parents the chat and tool spans of
     * the conversation. Returns what {@link #agentEnded} takes, or null when nothing was opened.
     */
    public static Object agentStarted(String agent) {
        ScopeHooks read = hooks;
        if (read == null || agent == null) {
            return null;
        }
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return null;
        }
        try {
            return read.agentStarted(agent);
        } catch (Throwable error) {
            BridgeGate.report("agent span", error);
            return null;
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** The invocation {@link #agentStarted} opened has returned or thrown {@code error}. */
    public static void agentEnded(Object started, Throwable error) {
        if (started == null) {
            return;
        }
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return;
        }
        try {
            hooks.agentEnded(started, error);
        } catch (Throwable failure) {
            BridgeGate.report("agent span", failure);
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code task} carrying the current scope, or {@code task} itself when there is none. */
    public static Runnable wrap(Runnable task) {
        if (hooks == null || task == null || task instanceof ScopedRunnable) {
            return task;
        }
        ActiveScope scope = CURRENT.get();
        return scope == null ? task : new ScopedRunnable(task, scope);
    }

    /** {@code task} carrying the current scope, or {@code task} itself when there is none. */
    public static <T> Callable<T> wrap(Callable<T> task) {
        if (hooks == null || task == null || task instanceof ScopedCallable) {
            return task;
        }
        ActiveScope scope = CURRENT.get();
        return scope == null ? task : new ScopedCallable<>(task, scope);
    }

    /**
     * A task the JDK will run as itself is handed off ({@code ForkJoinTask.fork}, a
     * {@code ForkJoinPool} given a {@code ForkJoinTask}, {@code Timer.schedule}): it runs in the
     * current scope, if any, wherever it runs.
     */
    public static void handingOff(Object task) {
        if (hooks == null || task == null) {
            return;
        }
        ActiveScope scope = CURRENT.get();
        if (scope != null) {
            TaskScopes.remember(task, scope);
        }
    }

    /** A {@code ForkJoinPool} is given a {@code ForkJoinTask} to run: see {@link #handingOff}. */
    public static void forkJoinTaskSubmitted(java.util.concurrent.ForkJoinTask<?> task) {
        handingOff(task);
    }

    /** A {@code Timer} is given a task: see {@link #handingOff}. */
    public static void timerTaskScheduled(java.util.TimerTask task) {
        handingOff(task);
    }

    /** A handed-off task starts running on this thread: it works in the scope it was handed off in. */
    public static void taskStarting(Object task) {
        if (hooks == null) {
            return;
        }
        ActiveScope scope = TaskScopes.of(task);
        if (scope != null) {
            RUNNING_TASKS.get().push(new RunningTask(task, enterCarried(scope)));
        }
    }

    /** The task returned: what the thread worked for before it comes back. */
    public static void taskEnded(Object task) {
        if (hooks == null || !TaskScopes.anyHandedOff()) {
            return;
        }
        java.util.ArrayDeque<RunningTask> running = RUNNING_TASKS.get();
        if (!running.isEmpty() && running.peek().task() == task) {
            leaveCarried(running.pop().entered());
        }
    }

    /** {@code thread} is being started: it works in the current scope, if any, for its whole life. */
    public static void threadStarting(Object thread) {
        if (hooks == null || thread instanceof ForkJoinWorkerThread) {
            return; // fork-join workers are pool threads: their tasks carry the scope
        }
        ActiveScope scope = CURRENT.get();
        if (scope == null) {
            return;
        }
        synchronized (STARTED_IN_SCOPE) {
            STARTED_IN_SCOPE.put((Thread) thread, scope);
            anyStartedInScope = true;
        }
    }

    /** A pool's worker thread begins its loop: it may have been started inside a scope, which is not its own. */
    public static void poolWorkerStarting() {
        if (hooks == null) {
            return;
        }
        if (anyStartedInScope) {
            takeStartedScope(Thread.currentThread());
        }
        CURRENT.remove();
    }

    private static ActiveScope takeStartedScope(Thread thread) {
        synchronized (STARTED_IN_SCOPE) {
            ActiveScope scope = STARTED_IN_SCOPE.remove(thread);
            anyStartedInScope = !STARTED_IN_SCOPE.isEmpty();
            return scope;
        }
    }

    /** A thread started in a scope: its spans nest under the tool's for the thread's whole life. */
    private static void attachForLife(ActiveScope scope) {
        if (scope.context() == null) {
            return; // code segments only: no trace context to carry
        }
        try {
            hooks.attach(scope.context());
        } catch (Throwable error) {
            BridgeGate.report("tool scope", error);
        }
    }

    private static void restore(ActiveScope previous) {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** Runs {@code body} in {@code scope} on this thread, then puts back what was there. */
    static Object enterCarried(ActiveScope scope) {
        ActiveScope previous = CURRENT.get();
        CURRENT.set(scope);
        Object attached = null;
        ThreadState state = scope.context() == null ? null : BridgeGate.enter(hooks);
        if (state != null) {
            try {
                attached = hooks.attach(scope.context());
            } catch (Throwable error) {
                BridgeGate.report("tool scope", error);
            } finally {
                BridgeGate.leave(state);
            }
        }
        return new Carried(previous, attached);
    }

    static void leaveCarried(Object entered) {
        Carried carried = (Carried) entered;
        if (carried.attached != null) {
            try {
                hooks.detach(carried.attached);
            } catch (Throwable error) {
                BridgeGate.report("tool scope", error);
            }
        }
        restore(carried.previous);
    }

    private record OpenedTool(Object started, ActiveScope previous) {
    }

    /** A handed-off task running on this thread, and what {@link #leaveCarried} restores after it. */
    private record RunningTask(Object task, Object entered) {
    }

    /** Tasks run inside one another (a fork-join worker helping while it joins): innermost first. */
    private static final ThreadLocal<java.util.ArrayDeque<RunningTask>> RUNNING_TASKS =
            ThreadLocal.withInitial(java.util.ArrayDeque::new);

    private record Carried(ActiveScope previous, Object attached) {
    }

    /** A task handed to another thread inside a scope. */
    static final class ScopedRunnable implements Runnable {
        private final Runnable task;
        private final ActiveScope scope;

        ScopedRunnable(Runnable task, ActiveScope scope) {
            this.task = task;
            this.scope = scope;
        }

        @Override
        public void run() {
            Object entered = enterCarried(scope);
            try {
                task.run();
            } finally {
                leaveCarried(entered);
            }
        }

        @Override
        public String toString() {
            return String.valueOf(task);
        }
    }

    /** A task handed to another thread inside a scope. */
    static final class ScopedCallable<T> implements Callable<T> {
        private final Callable<T> task;
        private final ActiveScope scope;

        ScopedCallable(Callable<T> task, ActiveScope scope) {
            this.task = task;
            this.scope = scope;
        }

        @Override
        public T call() throws Exception {
            Object entered = enterCarried(scope);
            try {
                return task.call();
            } finally {
                leaveCarried(entered);
            }
        }

        @Override
        public String toString() {
            return String.valueOf(task);
        }
    }
}
