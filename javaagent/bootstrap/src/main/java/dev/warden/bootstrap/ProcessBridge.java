package dev.warden.bootstrap;

import java.io.IOException;
import java.util.Map;

/**
 * The door for advice in {@code ProcessBuilder.start(Redirect[])}, the one method every
 * {@code ProcessBuilder.start}, pipeline stage and {@code Runtime.exec} reaches before the child is
 * created.
 */
public final class ProcessBridge {

    private static volatile ProcessHooks hooks;

    private ProcessBridge() {
    }

    /** Installed once, by the holder of the capability handed to {@link WardenBridge#install}. */
    public static synchronized void install(ProcessHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("process hooks are already installed");
        }
        hooks = installed;
    }

    /** {@code directory}: as the app set it, or null; {@code environment}: the child's, or null for the JVM's. */
    public static void beforeStart(String[] command, String directory, Map<String, String> environment) throws IOException {
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return;
        }
        try {
            hooks.beforeStart(command, directory, environment);
        } catch (IOException denied) {
            throw denied;
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("process", error)) {
                throw new IOException(BridgeGate.internalDenial("process start", error));
            }
        } finally {
            BridgeGate.leave(state);
        }
    }
}
