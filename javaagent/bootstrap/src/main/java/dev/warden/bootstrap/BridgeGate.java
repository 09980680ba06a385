package dev.warden.bootstrap;

import java.util.concurrent.ForkJoinWorkerThread;

/**
 * What every bridge shares: the capability that marks Warden's own threads, the re-entrancy guard,
 * and the failure mode. Each domain bridge ({@link WardenBridge} for the network, and one per
 * further domain) asks {@link #enter(Object)} with its hooks before calling them and turns a failure
 * inside Warden into the failure mode's decision with {@link #denyOnError}.
 *
 * <p>Once Warden is installed its state must not be switched off by one write (code that obtained
 * {@code sun.misc.Unsafe} could write any field): Warden counts as started while any of three marks
 * ({@code installed}, the capability, the error sink) reads as set, and a door whose hooks read as
 * missing after that, or a start mark that reads as cleared, makes the state <em>tampered</em>: from then on
 * every failure, including the one calling missing hooks causes, denies whatever the failure mode.
 */
final class BridgeGate {

    private static volatile boolean installed;
    private static volatile boolean failOpen;
    private static volatile boolean tampered;
    private static volatile WardenHooks errorSink;
    private static Object capability;

    private BridgeGate() {
    }

    static synchronized void install(WardenHooks sink, boolean openOnFailure, Object key) {
        if (installed) {
            throw new IllegalStateException("Warden hooks are already installed");
        }
        failOpen = openOnFailure;
        capability = key;
        errorSink = sink;
        ThreadState.current(); // load and initialise before any advice runs (class circularity)
        installed = true;
    }

    /** Throws unless {@code key} is the capability handed to {@link #install}. */
    static void checkCapability(Object key) {
        if (key == null || key != capability) {
            throw new SecurityException("not Warden's capability");
        }
    }

    /**
     * The calling thread's state with the inside flag set, or null when this access is not
     * mediated (Warden not started, Warden's own work, a Warden thread). The caller must call
     * {@link #leave(ThreadState)} in a finally block. Hooks that are missing once Warden started
     * do not make the access unmediated: the door goes on, its call of the missing hooks fails, and
     * {@link #denyOnError} denies.
     *
     * @param doorHooks the door's hooks as it read them (null: missing)
     */
    static ThreadState enter(Object doorHooks) {
        if (!installed || doorHooks == null) {
            if (!started()) {
                return null;
            }
            tampered = true;
        }
        ThreadState state = ThreadState.current();
        if (unmediated(state)) {
            return null;
        }
        state.inside = true;
        return state;
    }

    /**
     * A door that Warden reads in no decision of its own (the scope door, read by every decision)
     * found its hooks cleared: the state is tampered, and the decisions that fail on it deny.
     */
    static void hooksCleared() {
        if (started()) {
            tampered = true;
        }
    }

    /** Whether any start mark reads as set: one write cannot clear them all. */
    private static boolean started() {
        return installed || capability != null || errorSink != null;
    }

    static void leave(ThreadState state) {
        state.inside = false;
    }

    /**
     * Warden's own work, or a thread of Warden's. The mark is inherited by the threads Warden's
     * threads start (an exporter's HTTP dispatcher and connection threads), but never honoured on
     * a fork-join worker: the common pool is shared with the app, and its workers are started by
     * whichever thread first submits work.
     */
    private static boolean unmediated(ThreadState state) {
        return state.inside || (state.own && !(Thread.currentThread() instanceof ForkJoinWorkerThread));
    }

    /** Reports the failure; true when the failure mode is closed and the access must be denied. */
    static boolean denyOnError(String hook, Throwable error) {
        report(hook, error);
        return !failOpen || tampered;
    }

    static void report(String hook, Throwable error) {
        try {
            errorSink.internalError(hook, error);
        } catch (Throwable ignored) {
            // reporting must never add a second failure to the app's call
        }
    }

    static String internalDenial(String what, Throwable error) {
        return tampered
                ? "warden: denied " + what + ": Warden's state was changed from outside (a hook or start mark cleared), so"
                        + " everything it mediates is denied: " + error
                : "warden: denied " + what + ": internal error in Warden (failure mode closed): " + error;
    }
}
