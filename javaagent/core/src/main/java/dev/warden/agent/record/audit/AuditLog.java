package dev.warden.agent.record.audit;

import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.WardenBridge;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The audit log as the hooks see it: {@link #record} hands a decision to a bounded queue and
 * returns; Warden's audit thread writes the chain. When the queue is full, the overload policy
 * decides: {@code block} waits up to {@link #BLOCK_LIMIT_MILLIS} for room (the app slows down,
 * nothing is lost unless the disk stalls), {@code drop} counts the record as dropped. Either way
 * a drop is never silent: the count is written into the chain as a {@code dropped} record and
 * exposed as a metric.
 */
public final class AuditLog {

    /** What to do when decisions arrive faster than the disk takes them. */
    public enum Overload { BLOCK, DROP }

    static final long BLOCK_LIMIT_MILLIS = 1_000;
    private static final int BATCH = 4096;
    /**
     * A checkpoint (one Ed25519 signature) after this many records, after a second of steady
     * traffic, or as soon as the queue has been idle for {@link #IDLE_POLL_MILLIS}: signing every
     * small batch would cost more CPU than writing it.
     */
    private static final int CHECKPOINT_EVERY = 1000;
    private static final long CHECKPOINT_INTERVAL_NANOS = 1_000_000_000L;
    /** A pause after a batch that did not fill: fewer wake-ups and writes, a few ms more before a record is on disk. */
    private static final long LINGER_MILLIS = 10;
    /** How often an idle audit thread looks whether it is asked to close (it is never interrupted: that would close the file channel). */
    private static final long IDLE_POLL_MILLIS = 100;

    private final BlockingQueue<AuditEvent> queue;
    private final Overload overload;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedTotal = new AtomicLong();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AuditWriter writer;
    private volatile boolean closing;
    private volatile boolean failed;
    /**
     * After {@link #close}: records are written and signed by the thread that makes them. Shutdown hooks
     * run at the same time as Warden's, and {@code File.deleteOnExit} after all of them (Tomcat removes its
     * temporary directories so): their accesses are kept too, until the JVM halts.
     */
    private volatile boolean synchronous;

    private AuditLog(AuditWriter writer, int capacity, Overload overload) {
        this.writer = writer;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.overload = overload;
    }

    /** A log whose records queue until {@link #start(Object)}. */
    public static AuditLog create(AuditWriter writer, int capacity, Overload overload) {
        return new AuditLog(writer, capacity, overload);
    }

    /** Starts the audit thread as a Warden thread (which the bridge never mediates), once the bridge is installed. */
    public void start(Object capability) {
        start(() -> WardenBridge.markOwnThread(capability));
    }

    /** Starts the audit thread, running {@code markThread} on it first (outside the agent: benchmarks, where no bridge is installed). */
    public void start(Runnable markThread) {
        Thread thread = new Thread(() -> {
            markThread.run();
            drain();
        }, "warden-audit");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called on the app's thread for every decision. Never throws, never blocks longer than the overload policy allows. */
    public void record(AuditEvent event) {
        if (!enqueue(event)) {
            dropped.incrementAndGet();
            droppedTotal.incrementAndGet();
        }
        if (synchronous) {
            writeQueuedNow();
        }
    }

    private boolean enqueue(AuditEvent event) {
        if (!failed && queue.offer(event)) {
            return true;
        }
        if (overload == Overload.BLOCK && !closing && !failed) {
            try {
                return queue.offer(event, BLOCK_LIMIT_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        return false;
    }

    /** After close: what is queued, written and signed on this thread. */
    private synchronized void writeQueuedNow() {
        if (failed) {
            return;
        }
        try {
            writeQueued();
        } catch (IOException | RuntimeException failure) {
            failed = true;
            WardenLog.warn("audit log stopped at exit: " + failure + "; later decisions are not kept");
        }
    }

    private void writeQueued() throws IOException {
        List<AuditEvent> left = new ArrayList<>();
        queue.drainTo(left);
        for (AuditEvent event : left) {
            writer.append(event);
        }
        long lost = dropped.getAndSet(0);
        if (lost > 0) {
            writer.dropped(lost);
        }
        writer.checkpoint();
    }

    public int queueDepth() {
        return queue.size();
    }

    public long droppedTotal() {
        return droppedTotal.get();
    }

    /**
     * Writes what is queued and signs it, waiting at most {@code millis}; from then on each record is
     * written and signed at once by the thread that makes it (the file is closed by the JVM's exit).
     */
    public void close(long millis) {
        closing = true;
        try {
            stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void drain() {
        List<AuditEvent> batch = new ArrayList<>(BATCH);
        int sinceCheckpoint = 0;
        long lastCheckpoint = System.nanoTime();
        try {
            while (true) {
                AuditEvent first = queue.poll(IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (sinceCheckpoint > 0) { // idle: sign what was written
                        writer.checkpoint();
                        sinceCheckpoint = 0;
                        lastCheckpoint = System.nanoTime();
                    }
                    if (closing) {
                        break;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, BATCH - 1);
                for (AuditEvent event : batch) {
                    writer.append(event);
                }
                sinceCheckpoint += batch.size();
                boolean keepingUp = batch.size() < BATCH;
                batch.clear();
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    writer.dropped(lost);
                }
                if (sinceCheckpoint >= CHECKPOINT_EVERY || System.nanoTime() - lastCheckpoint >= CHECKPOINT_INTERVAL_NANOS) {
                    writer.checkpoint();
                    sinceCheckpoint = 0;
                    lastCheckpoint = System.nanoTime();
                } else {
                    writer.flush();
                }
                if (keepingUp && !closing) {
                    // let decisions gather instead of waking this thread (and writing) once per decision
                    Thread.sleep(LINGER_MILLIS);
                }
            }
            synchronized (this) {
                writeQueued();
                synchronous = true;
            }
        } catch (IOException | RuntimeException | InterruptedException failure) {
            failed = true;
            queue.clear();
            WardenLog.warn("audit log stopped: " + failure + "; decisions from now on are counted as dropped, not kept");
        } finally {
            stopped.countDown();
        }
    }
}
