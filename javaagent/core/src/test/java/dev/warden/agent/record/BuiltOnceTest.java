package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class BuiltOnceTest {

    @Test
    void aWaiterGetsTheValueOnceAnotherThreadBuildsIt() throws Exception {
        BuiltOnce<String> once = new BuiltOnce<>();
        AtomicReference<String> seen = new AtomicReference<>();
        Thread waiter = waitingIn(() -> seen.set(once.await(60_000)));
        once.complete("sdk");
        waiter.join();

        assertThat(seen.get()).isEqualTo("sdk");
        assertThat(once.isDone()).isTrue();
        assertThat(once.now()).isEqualTo("sdk");
    }

    @Test
    void callbacksRunOnceWithTheValueWhetherAddedBeforeOrAfter() {
        BuiltOnce<String> once = new BuiltOnce<>();
        List<String> calls = new ArrayList<>();
        once.whenBuilt(value -> calls.add("before " + value));
        assertThat(calls).isEmpty();

        once.complete("sdk");
        once.complete("second");
        once.whenBuilt(value -> calls.add("after " + value));

        assertThat(calls).containsExactly("before sdk", "after sdk");
        assertThat(once.now()).isEqualTo("sdk");
    }

    @Test
    void aFailingCallbackLeavesTheOthersAndTheCompletingThreadUnharmed() {
        BuiltOnce<String> once = new BuiltOnce<>();
        List<String> calls = new ArrayList<>();
        once.whenBuilt(value -> {
            throw new IllegalStateException("instrument refused");
        });
        once.whenBuilt(value -> calls.add("second " + value));

        once.complete("sdk");
        once.whenBuilt(value -> {
            throw new IllegalStateException("late instrument refused");
        });
        once.whenBuilt(value -> calls.add("late " + value));

        assertThat(calls).containsExactly("second sdk", "late sdk");
        assertThat(once.await(1)).isEqualTo("sdk");
    }

    @Test
    void aFailureReachesWaitersWithItsCauseAndRunsNoCallback() {
        BuiltOnce<String> once = new BuiltOnce<>();
        List<String> calls = new ArrayList<>();
        once.whenBuilt(calls::add);
        IllegalStateException cause = new IllegalStateException("no exporter");

        once.fail(cause);
        once.whenBuilt(calls::add);

        assertThatThrownBy(() -> once.await(60_000)).isInstanceOf(IllegalStateException.class).hasCause(cause);
        assertThat(calls).isEmpty();
        assertThat(once.isDone()).isTrue();
        assertThat(once.now()).isNull();
    }

    @Test
    void aWaitThatRunsOutSaysSo() {
        BuiltOnce<String> once = new BuiltOnce<>();

        assertThatThrownBy(() -> once.await(1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("not ready within 1 ms");
        assertThat(once.isDone()).isFalse();
    }

    @Test
    void anInterruptDoesNotEndTheWaitAndIsKept() throws Exception {
        BuiltOnce<String> once = new BuiltOnce<>();
        AtomicReference<String> seen = new AtomicReference<>();
        AtomicReference<Boolean> interruptedAfter = new AtomicReference<>();
        // interrupted before it waits: the wait takes the interrupt, and waits on
        Thread waiter = waitingIn(() -> {
            Thread.currentThread().interrupt();
            seen.set(once.await(60_000));
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        once.complete("sdk");
        waiter.join();

        assertThat(seen.get()).isEqualTo("sdk");
        assertThat(interruptedAfter.get()).isTrue();
    }

    /** Starts {@code waits} on a thread of its own and returns once that thread is waiting in it (an event, not a time). */
    private static Thread waitingIn(Runnable waits) {
        Thread waiter = new Thread(waits);
        waiter.start();
        while (waiter.getState() != Thread.State.TIMED_WAITING && waiter.isAlive()) {
            Thread.onSpinWait();
        }
        return waiter;
    }
}
