package dev.warden.bootstrap;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The scope of each task handed off in one that the JDK runs as itself rather than through a
 * wrapper Warden could give it (a {@code ForkJoinTask} the app forks or submits, a
 * {@code TimerTask}): by identity (a task class's own {@code equals} must not merge two tasks) and
 * weakly (a task that is done and dropped takes its entry with it).
 */
final class TaskScopes {

    private static final ReferenceQueue<Object> COLLECTED = new ReferenceQueue<>();
    private static final Map<TaskKey, ActiveScope> SCOPES = new ConcurrentHashMap<>();
    /** Set at the first hand-off in a scope: until then, running a task costs one volatile read. */
    private static volatile boolean any;

    private TaskScopes() {
    }

    static void remember(Object task, ActiveScope scope) {
        for (Reference<?> gone; (gone = COLLECTED.poll()) != null; ) {
            SCOPES.remove(gone);
        }
        SCOPES.put(new TaskKey(task, COLLECTED), scope);
        any = true;
    }

    /** Whether any task was handed off in a scope yet. */
    static boolean anyHandedOff() {
        return any;
    }

    /** The scope {@code task} was handed off in, or null. */
    static ActiveScope of(Object task) {
        return any ? SCOPES.get(new TaskKey(task, null)) : null;
    }

    private static final class TaskKey extends WeakReference<Object> {
        private final int hash;

        TaskKey(Object task, ReferenceQueue<Object> queue) {
            super(task, queue);
            this.hash = System.identityHashCode(task);
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            if (this == other) {
                return true;
            }
            Object task = get();
            return other instanceof TaskKey key && task != null && task == key.get();
        }
    }
}
