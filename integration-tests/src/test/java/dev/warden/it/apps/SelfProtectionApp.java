package dev.warden.it.apps;

import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;

/**
 * Code in the app trying to switch Warden off. {@code reflect}: its own private field (must work),
 * then {@code setAccessible}, {@code trySetAccessible} and {@code privateLookupIn} on the bridge.
 * {@code retransform PORT}: with {@link HostileAgent}'s Instrumentation, retransform its own class (must
 * work), then a JDK class that Warden hooks (which the agent's transformer would strip), then Warden's
 * bridge; then connects to PORT on loopback, which the policy denies. Prints what each attempt gave,
 * and whether the agent's transformer saw the hooked class.
 */
public final class SelfProtectionApp {
    private static final String BRIDGE = "dev.warden.bootstrap.WardenBridge";
    private String secret = "own";

    public static void main(String[] args) {
        Report.run(() -> args[0].equals("reflect") ? reflect() : retransform(Integer.parseInt(args[1])));
    }

    private static String[] reflect() throws Exception {
        Field own = SelfProtectionApp.class.getDeclaredField("secret");
        own.setAccessible(true);
        String ownValue = (String) own.get(new SelfProtectionApp());
        Class<?> bridge = Class.forName(BRIDGE);
        Field hooks = bridge.getDeclaredField("hooks");
        // the checks are woven before premain returns: the very first attempt in main is refused
        String trySet = attempt(() -> {
            throw new IllegalStateException(hooks.trySetAccessible() ? "not refused" : "refused");
        });
        String setAccessible = attempt(() -> hooks.setAccessible(true));
        String lookup = attempt(() -> MethodHandles.privateLookupIn(bridge, MethodHandles.lookup()));
        return new String[] {"own", ownValue, "setAccessible", setAccessible, "trySetAccessible", trySet,
            "privateLookupIn", lookup};
    }

    private static String[] retransform(int deniedPort) throws Exception {
        var inst = HostileAgent.instrumentation;
        String own = attempt(() -> inst.retransformClasses(SelfProtectionApp.class));
        Class<?> net = Class.forName("sun.nio.ch.Net");
        String hooked = attempt(() -> inst.retransformClasses(net, SelfProtectionApp.class));
        String bridge = attempt(() -> inst.retransformClasses(Class.forName(BRIDGE)));
        String connect = attempt(() -> new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), deniedPort).close());
        return new String[] {"own", own, "hookedJdkClass", hooked, "bridge", bridge, "connect", connect,
            "agentSawHookedClass", String.valueOf(HostileAgent.retransformed.contains(net.getName()))};
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
