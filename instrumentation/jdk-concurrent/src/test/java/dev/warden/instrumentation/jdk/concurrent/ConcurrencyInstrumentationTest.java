package dev.warden.instrumentation.jdk.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ConcurrencyInstrumentationTest {

    private static List<String> selected(String type, Class<?> advice) throws Exception {
        List<AdviceCoverage.Selection> selections = new java.util.ArrayList<>();
        ConcurrencyInstrumentation instrumentation = new ConcurrencyInstrumentation();
        for (String name : instrumentation.targetTypes()) {
            if (name.equals(type)) {
                selections.addAll(AdviceCoverage.onType(instrumentation, Class.forName(name)));
            }
        }
        return selections.stream().filter(s -> s.adviceClassName().equals(advice.getName()))
                .flatMap(s -> s.methods().stream()).sorted().collect(Collectors.toList());
    }

    @Test
    void threadPoolTasksAreWrappedAtTheirOneEntryAndWorkersDropInheritedScopes() throws Exception {
        assertThat(selected(ConcurrencyInstrumentation.THREAD_POOL, ConcurrencyInstrumentation.RunnableAdvice.class))
                .containsExactly("execute(Ljava/lang/Runnable;)V");
        assertThat(selected(ConcurrencyInstrumentation.THREAD_POOL, ConcurrencyInstrumentation.PoolWorkerAdvice.class))
                .containsExactly("runWorker(Ljava/util/concurrent/ThreadPoolExecutor$Worker;)V");
    }

    @Test
    void scheduledTasksAreWrappedWhenScheduled() throws Exception {
        assertThat(selected(ConcurrencyInstrumentation.SCHEDULED_POOL, ConcurrencyInstrumentation.RunnableAdvice.class))
                .containsExactly("schedule(Ljava/lang/Runnable;JLjava/util/concurrent/TimeUnit;)"
                        + "Ljava/util/concurrent/ScheduledFuture;");
        assertThat(selected(ConcurrencyInstrumentation.SCHEDULED_POOL, ConcurrencyInstrumentation.CallableAdvice.class))
                .containsExactly("schedule(Ljava/util/concurrent/Callable;JLjava/util/concurrent/TimeUnit;)"
                        + "Ljava/util/concurrent/ScheduledFuture;");
    }

    @Test
    void forkJoinRunnablesAndCallablesAreWrapped() throws Exception {
        assertThat(selected(ConcurrencyInstrumentation.FORK_JOIN_POOL, ConcurrencyInstrumentation.RunnableAdvice.class))
                .containsExactly("execute(Ljava/lang/Runnable;)V",
                        "submit(Ljava/lang/Runnable;)Ljava/util/concurrent/ForkJoinTask;",
                        "submit(Ljava/lang/Runnable;Ljava/lang/Object;)Ljava/util/concurrent/ForkJoinTask;");
        assertThat(selected(ConcurrencyInstrumentation.FORK_JOIN_POOL, ConcurrencyInstrumentation.CallableAdvice.class))
                .containsExactly("submit(Ljava/util/concurrent/Callable;)Ljava/util/concurrent/ForkJoinTask;");
    }

    @Test
    void threadStartIsHookedAndOnJdk21AndLaterVirtualThreadStartToo() throws Exception {
        if (Runtime.version().feature() < 21) {
            assertThat(selected(ConcurrencyInstrumentation.THREAD, ConcurrencyInstrumentation.ThreadStartAdvice.class))
                    .containsExactly("start()V");
        } else {
            assertThat(selected(ConcurrencyInstrumentation.THREAD, ConcurrencyInstrumentation.ThreadStartAdvice.class))
                    .containsExactly("start()V", "start(Ljdk/internal/vm/ThreadContainer;)V");
            assertThat(selected(ConcurrencyInstrumentation.VIRTUAL_THREAD, ConcurrencyInstrumentation.ThreadStartAdvice.class))
                    .containsExactly("start()V", "start(Ljdk/internal/vm/ThreadContainer;)V");
        }
    }
}
