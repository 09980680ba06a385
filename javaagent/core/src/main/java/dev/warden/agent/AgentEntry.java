package dev.warden.agent;

import java.lang.instrument.Instrumentation;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the launcher calls in Warden's class loader: one constructor found by reflection, then an
 * interface call. Each reflective call of a method of its own shape makes the JDK build method-handle
 * classes (JDK 18+) or a generated accessor (JDK 17) before the app's {@code main}.
 *
 * <p>The launcher passes {@code {agentArgs, instrumentation, Warden's loader, version, bridge class files}}.
 * This class names no bridge type: the bridge is defined in the boot loader before {@link AgentStarter}
 * (which names them) is loaded.
 */
public final class AgentEntry implements Consumer<Object[]> {

    @Override
    @SuppressWarnings("unchecked")
    public void accept(Object[] arguments) {
        Instrumentation instrumentation = (Instrumentation) arguments[1];
        try {
            BootLoaderBridge.define(instrumentation, (Map<String, byte[]>) arguments[4]);
        } catch (Throwable cannotDefine) {
            throw new IllegalStateException("cannot define the bridge in the boot loader: " + cannotDefine, cannotDefine);
        }
        AgentStarter.start((String) arguments[0], instrumentation, (ClassLoader) arguments[2], (String) arguments[3]);
    }
}
