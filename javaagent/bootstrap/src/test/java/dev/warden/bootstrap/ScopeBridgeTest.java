package dev.warden.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Where a tool's scope goes: its thread while it runs, the tasks it hands off, the threads it starts. */
class ScopeBridgeTest {

    private static final RecordingScopeHooks HOOKS = new RecordingScopeHooks();
    private static final ExecutorService POOL = Executors.newSingleThreadExecutor();

    @BeforeAll
    static void install() {
        WardenBridgeTest.install();
        ScopeBridge.install(HOOKS, WardenBridgeTest.CAPABILITY);
    }

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    @BeforeEach
    void clear() {
        HOOKS.events.clear();
    }

    private static String toolOnThisThread() {
        ActiveScope scope = ScopeBridge.current();
        return scope == null ? null : scope.tool();
    }

    @Test
    void aToolsScopeLastsWhileItRunsAndItsSpanEndsWithIt() {
        Object opened = ScopeBridge.toolStarted(ToolCall.local("fetch_url", "call_1", null), new Object());

        assertThat(toolOnThisThread()).isEqualTo("fetch_url");
        ScopeBridge.toolEnded(opened, null);
        assertThat(toolOnThisThread()).isNull();
        assertThat(HOOKS.events).containsExactly("started fetch_url call_1", "ended fetch_url");
    }

    @Test
    void aRefusedToolOpensNoScopeAndItsDenialEndsNothing() {
        Object opened = ScopeBridge.toolStarted(ToolCall.local("refused_delete", "call_1", "{}"), new Object());

        assertThat(opened).isInstanceOf(ToolDenied.class);
        assertThat(((ToolDenied) opened)).hasMessage("warden: denied tool call refused_delete");
        assertThat(toolOnThisThread()).isNull();
        ScopeBridge.toolEnded(opened, (ToolDenied) opened);
        assertThat(HOOKS.events).containsExactly("started refused_delete call_1");
    }

    @Test
    void aToolWardenFailsToDecideIsRefusedWhenTheFailureModeIsClosed() {
        Object opened = ScopeBridge.toolStarted(ToolCall.local("failing_fetch", "call_1", "{}"), new Object());

        assertThat(opened).isInstanceOf(ToolDenied.class);
        assertThat(((ToolDenied) opened)).hasMessageStartingWith("warden: denied tool call failing_fetch: internal error in"
                + " Warden (failure mode closed): java.lang.IllegalStateException: broken hooks");
        assertThat(toolOnThisThread()).isNull();
    }

    /** What a library's tool executor interface looks like to the refusing executor. */
    interface Executor {
        String execute(String request);
    }

    @Test
    void aRefusingExecutorThrowsTheDenialFromEveryCall() {
        ToolDenied denied = new ToolDenied("warden: denied tool call x");
        Executor refusing = (Executor) ScopeBridge.refusingExecutor(Executor.class, denied);

        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> refusing.execute("{}"))).isSameAs(denied);
        assertThat(refusing.toString()).contains("warden: denied tool call x");
        assertThat(refusing).isEqualTo(refusing).isNotEqualTo(ScopeBridge.refusingExecutor(Executor.class, denied));
    }

    @Test
    void anAgentInvocationOpensItsSpanButNoScope() {
        Object opened = ScopeBridge.agentStarted("SupportAssistant");

        assertThat(toolOnThisThread()).isNull();
        ScopeBridge.agentEnded(opened, null);
        ScopeBridge.agentEnded(null, null);
        assertThat(HOOKS.events).containsExactly("agent SupportAssistant", "agent ended SupportAssistant");
    }

    @Test
    void aNestedHookOfTheSameCallOpensNothingWhileAnotherToolInsideATool() {
        Object call = new Object();
        Object outer = ScopeBridge.toolStarted(ToolCall.local("agent", "call_1", null), call);

        assertThat(ScopeBridge.toolStarted(ToolCall.local("agent", "call_1", null), call)).isNull();
        Object inner = ScopeBridge.toolStarted(ToolCall.local("fetch_url", "call_2", null), new Object());
        assertThat(toolOnThisThread()).isEqualTo("fetch_url");
        ScopeBridge.toolEnded(inner, null);
        assertThat(toolOnThisThread()).as("the outer tool's scope is back").isEqualTo("agent");
        ScopeBridge.toolEnded(outer, null);
        assertThat(toolOnThisThread()).isNull();
    }

    @Test
    void outsideAnyScopeTasksAreNotWrapped() {
        Runnable task = () -> { };
        Callable<String> callable = () -> "x";

        assertThat(ScopeBridge.wrap(task)).isSameAs(task);
        assertThat(ScopeBridge.wrap(callable)).isSameAs(callable);
    }

    @Test
    void aHandedOffTaskRunsInTheToolsScopeAndThePoolThreadDropsItAfterwards() throws Exception {
        Object opened = ScopeBridge.toolStarted(ToolCall.local("fetch_on", "call_1", null), new Object());
        Callable<String> task = ScopeBridge.wrap(ScopeBridgeTest::toolOnThisThread);
        ScopeBridge.toolEnded(opened, null);

        assertThat(POOL.submit(task).get(5, TimeUnit.SECONDS)).isEqualTo("fetch_on");
        assertThat(POOL.submit(ScopeBridgeTest::toolOnThisThread).get(5, TimeUnit.SECONDS)).isNull();
        assertThat(HOOKS.events).containsSubsequence("attach fetch_on", "detach fetch_on");
    }

    @Test
    void aThreadStartedInAScopeWorksInItForItsLifeAndOthersDoNot() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>();
        Thread inScope = new Thread(() -> seen.set(toolOnThisThread()));
        Object opened = ScopeBridge.toolStarted(ToolCall.local("fetch_on", "call_1", null), new Object());
        ScopeBridge.threadStarting(inScope); // what the advice in Thread.start does
        inScope.start();
        ScopeBridge.toolEnded(opened, null);
        inScope.join();
        assertThat(seen.get()).isEqualTo("fetch_on");
        assertThat(HOOKS.events).contains("attach fetch_on");

        Thread outside = new Thread(() -> seen.set(toolOnThisThread()));
        ScopeBridge.threadStarting(outside);
        outside.start();
        outside.join();
        assertThat(seen.get()).isNull();
    }

    @Test
    void aPoolWorkerStartedInAScopeDropsItWhenItStartsWorking() throws Exception {
        AtomicReference<String> seen = new AtomicReference<>("unset");
        Thread worker = new Thread(() -> {
            ScopeBridge.poolWorkerStarting(); // what the advice in ThreadPoolExecutor.runWorker does
            seen.set(toolOnThisThread());
        });
        Object opened = ScopeBridge.toolStarted(ToolCall.local("fetch_on", "call_1", null), new Object());
        ScopeBridge.threadStarting(worker);
        worker.start();
        ScopeBridge.toolEnded(opened, null);
        worker.join();

        assertThat(seen.get()).isNull();
    }

    private static Object codeOnThisThread() {
        ActiveScope scope = ScopeBridge.current();
        return scope == null ? null : scope.code();
    }

    static final class Plugin {
    }

    static final class Helper {
    }

    @Test
    void aSegmentsCodeLastsWhileItsMethodRunsAndEnteringItAgainChangesNothing() {
        Object plugin = ScopeBridge.codeEntered(Plugin.class);
        assertThat(codeOnThisThread()).isEqualTo("Plugin");

        assertThat(ScopeBridge.codeEntered(Plugin.class)).as("re-entered").isSameAs(ScopeBridge.NOTHING_ENTERED);
        Object helper = ScopeBridge.codeEntered(Helper.class);
        assertThat(codeOnThisThread()).as("both segments' code on the stack").isEqualTo("Plugin+Helper");
        ScopeBridge.codeLeft(helper);
        assertThat(codeOnThisThread()).isEqualTo("Plugin");
        ScopeBridge.codeLeft(plugin);
        assertThat(ScopeBridge.current()).as("outside any scope again").isNull();
    }

    @Test
    void aToolStartedInASegmentsCodeKeepsItAndTheCodeIsHandedOffWithTheTool() throws Exception {
        Object plugin = ScopeBridge.codeEntered(Plugin.class);
        Object opened = ScopeBridge.toolStarted(ToolCall.local("fetch_url", "call_1", null), new Object());
        assertThat(toolOnThisThread()).isEqualTo("fetch_url");
        assertThat(codeOnThisThread()).isEqualTo("Plugin");
        Callable<Object> task = ScopeBridge.wrap(ScopeBridgeTest::codeOnThisThread);
        ScopeBridge.toolEnded(opened, null);
        assertThat(codeOnThisThread()).as("the tool ended, the plugin's method still runs").isEqualTo("Plugin");
        ScopeBridge.codeLeft(plugin);

        assertThat(POOL.submit(task).get(5, TimeUnit.SECONDS)).isEqualTo("Plugin");
        assertThat(POOL.submit(ScopeBridgeTest::codeOnThisThread).get(5, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void workHandedOffFromASegmentsCodeAloneRunsInItOnThePool() throws Exception {
        Object plugin = ScopeBridge.codeEntered(Plugin.class);
        Callable<Object> task = ScopeBridge.wrap(ScopeBridgeTest::codeOnThisThread);
        ScopeBridge.codeLeft(plugin);

        assertThat(POOL.submit(task).get(5, TimeUnit.SECONDS)).isEqualTo("Plugin");
        assertThat(ScopeBridge.current()).isNull();
    }

    /** Records what the bridge asks of the core; contexts are the tool names. */
    static final class RecordingScopeHooks implements ScopeHooks {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public Object toolStarted(ToolCall tool) {
            events.add("started " + tool.name() + " " + tool.callId());
            if (tool.name().startsWith("failing_")) {
                throw new IllegalStateException("broken hooks");
            }
            return tool.name().startsWith("refused_") ? new ToolDenied("warden: denied tool call " + tool.name()) : tool.name();
        }

        @Override
        public void toolEnded(Object started, Throwable error, boolean errorResult) {
            events.add("ended " + started);
        }

        @Override
        public Object agentStarted(String agent) {
            events.add("agent " + agent);
            return agent;
        }

        @Override
        public void agentEnded(Object started, Throwable error) {
            events.add("agent ended " + started);
        }

        @Override
        public Object contextOf(Object started) {
            return started;
        }

        @Override
        public Object attach(Object context) {
            events.add("attach " + context);
            return context;
        }

        @Override
        public void detach(Object attached) {
            events.add("detach " + attached);
        }

        /** A class's simple name is its segment; segments entered join with '+'. */
        @Override
        public Object codeEntered(Class<?> type, Object code) {
            String segment = type.getSimpleName();
            if (code == null) {
                return segment;
            }
            return List.of(((String) code).split("\\+")).contains(segment) ? code : code + "+" + segment;
        }
    }
}
