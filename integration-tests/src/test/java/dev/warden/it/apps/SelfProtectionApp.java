package dev.warden.it.apps;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;

/**
 * Code in the app trying to switch Warden off. {@code reflect}: its own private field (must work),
 * then {@code setAccessible}, {@code trySetAccessible} and {@code privateLookupIn} on the bridge.
 * {@code retransform}: with {@link HostileAgent}'s Instrumentation, retransform its own class (must
 * work), then a JDK class that Warden hooks, then Warden's bridge. Prints what each attempt gave.
 */
public final class SelfProtectionApp {
    private static final String BRIDGE = "dev.warden.bootstrap.WardenBridge";
    private String secret = "own";

    public static void main(String[] args) {
        Report.run(() -> args[0].equals("reflect") ? reflect() : retransform());
    }

    private static String[] reflect() throws Exception {
        Field own = SelfProtectionApp.class.getDeclaredField("secret");
        own.setAccessible(true);
        String ownValue = (String) own.get(new SelfProtectionApp());
        Class<?> bridge = Class.forName(BRIDGE);
        Field hooks = bridge.getDeclaredField("hooks");
        long start = System.nanoTime();
        String trySet = untilRefused(() -> {
            if (hooks.trySetAccessible()) {
                hooks.setAccessible(false); // not yet refused: undo, and try again
            } else {
                throw new IllegalStateException("refused");
            }
        });
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        String setAccessible = attempt(() -> hooks.setAccessible(true));
        String lookup = attempt(() -> MethodHandles.privateLookupIn(bridge, MethodHandles.lookup()));
        return new String[] {"own", ownValue, "setAccessible", setAccessible, "trySetAccessible", trySet,
            "privateLookupIn", lookup, "waitedMillis", Long.toString(waitedMillis)};
    }

    private static String[] retransform() throws Exception {
        var inst = HostileAgent.instrumentation;
        String own = attempt(() -> inst.retransformClasses(SelfProtectionApp.class));
        Class<?> net = Class.forName("sun.nio.ch.Net");
        String hooked = untilRefused(() -> inst.retransformClasses(net));
        String bridge = attempt(() -> inst.retransformClasses(Class.forName(BRIDGE)));
        return new String[] {"own", own, "hookedJdkClass", hooked, "bridge", bridge};
    }

    /**
     * Warden weaves its self-protection hooks into classes the JVM loaded before any agent moments
     * after start-up, not before main: repeat the attempt (harmless: an accessible flag taken back at once, or a
     * retransformation that Warden's own transformer re-weaves) until refused, for at most 10 s.
     */
    private static String untilRefused(Attempt attempt) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String outcome = attempt(attempt);
        while (outcome.equals("ok") && System.nanoTime() < deadline) {
            Thread.sleep(5);
            outcome = attempt(attempt);
        }
        return outcome;
    }

    private interface Attempt {
        void run() throws Throwable;
    }

    private static String attempt(Attempt attempt) {
        try {
            attempt.run();
            return "ok";
        } catch (Throwable t) {
            return t.getClass().getName() + ": " + t.getMessage();
        }
    }
}
