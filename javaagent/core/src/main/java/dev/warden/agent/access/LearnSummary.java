package dev.warden.agent.access;

import dev.warden.agent.record.WardenLog;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * What learn mode says on standard error: a learning run goes outside its policy at every access, and
 * the audit log (read by {@code policy suggest}) keeps each of them; a line per access would drown the
 * app's own output. So: one line at the first access the policy does not allow, and one count per kind
 * at exit.
 */
final class LearnSummary {

    private final Consumer<String> lines;
    private final Consumer<Runnable> atExit;
    private final AtomicBoolean started = new AtomicBoolean();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    /** Lines to Warden's log, the count when the JVM shuts down. */
    LearnSummary() {
        this(WardenLog::info, summary -> Runtime.getRuntime().addShutdownHook(new Thread(summary, "warden-learn-summary")));
    }

    LearnSummary(Consumer<String> lines, Consumer<Runnable> atExit) {
        this.lines = lines;
        this.atExit = atExit;
    }

    /** One access the policy does not allow, let through because the policy is learning. */
    void learned(String kind, String deniedMessage) {
        byKind.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (started.compareAndSet(false, true)) {
            atExit.accept(this::summarise);
            lines.accept("learn: recording what the policy does not allow, blocking nothing (first: "
                    + deniedMessage + "); the count follows at exit, each access is in the audit log");
        }
    }

    void summarise() {
        Map<String, Long> counts = new TreeMap<>();
        byKind.forEach((kind, count) -> counts.put(kind, count.sum()));
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        StringJoiner perKind = new StringJoiner(", ");
        counts.forEach((kind, count) -> perKind.add(count + " " + kind));
        lines.accept("learn: " + total + (total == 1 ? " access" : " accesses") + " outside the policy recorded, not blocked ("
                + perKind + "); 'policy suggest AUDIT_LOG' writes a policy that allows them");
    }
}
