package dev.warden.agent;

import dev.warden.agent.config.BundleReloader;
import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.ModeOverride;
import dev.warden.agent.config.PolicySource;
import dev.warden.agent.config.WardenConfig;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.ProcessStartDecider;
import dev.warden.agent.decide.ResolvedNames;
import dev.warden.agent.intercept.EgressHooks;
import dev.warden.agent.intercept.HttpLibraryCalls;
import dev.warden.agent.intercept.ProcessStarts;
import dev.warden.agent.intercept.InstrumentationInstaller;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.ProcessSpans;
import dev.warden.agent.record.ReloadRecorder;
import dev.warden.agent.record.Telemetry;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.HttpLibraryBridge;
import dev.warden.bootstrap.ProcessBridge;
import dev.warden.bootstrap.WardenBridge;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;

/**
 * Starts Warden inside the app's JVM, called by the launcher's {@code premain} through Warden's
 * own class loader. Fail closed: anything that keeps Warden from enforcing the policy stops the
 * JVM with one line that says why, before the app's {@code main} runs.
 */
public final class AgentStarter {

    /** Exit status of a JVM that Warden refused to start. */
    public static final int REFUSED = 78;

    private static final int RESOLVED_ADDRESSES_KEPT = 8192;

    private AgentStarter() {
    }

    /** Entry point, called reflectively by {@code dev.warden.agent.launcher.WardenLauncher}. */
    public static void start(String agentArgs, Instrumentation instrumentation, ClassLoader agentLoader, String version) {
        try {
            WardenConfig config = WardenConfig.load(agentArgs, System.getProperties(), System.getenv());
            refuseBypassingSocketImplementations();
            ModeOverride modeOverride = ModeOverride.from(config);
            PolicySource.Loaded loaded = PolicySource.load(config, modeOverride);

            Object capability = new Object();
            Telemetry telemetry = Telemetry.create();
            EgressDecider decider = new EgressDecider(loaded.policy(), new ResolvedNames(RESOLVED_ADDRESSES_KEPT));
            EgressSpans spans = new EgressSpans(telemetry::tracer);
            EgressHooks hooks = new EgressHooks(decider, spans);
            WardenBridge.install(hooks, config.failOpen(), capability);
            HttpLibraryBridge.install(new HttpLibraryCalls(decider, spans), capability);
            ProcessBridge.install(new ProcessStarts(new ProcessStartDecider(decider::active),
                    new ProcessSpans(telemetry::tracer)), capability);
            if (config.flag(WardenConfig.DEBUG)) {
                WardenLog.enableDebug();
            }
            telemetry.start(capability, version);
            List<String> hooked = InstrumentationInstaller.install(instrumentation, agentLoader, capability);

            Duration reload = config.reloadInterval();
            if (loaded.bundle() != null && !reload.isZero()) {
                new BundleReloader(loaded.bundle(), loaded.origin(), decider, reload,
                        new ReloadRecorder(telemetry::tracer, telemetry::meter), modeOverride).start(capability);
            }
            if (loaded.warning() != null) {
                WardenLog.warn(loaded.warning());
            }
            WardenLog.info(loaded.startupLine());
            if (config.flag(WardenConfig.DEBUG)) {
                WardenLog.info("hooked: " + String.join(", ", hooked));
            }
        } catch (ConfigException refused) {
            refuse(refused.getMessage());
        } catch (Throwable bug) {
            refuse("internal error while starting: " + bug);
        }
    }

    /**
     * JDK 17 can still swap in the legacy socket implementations, which connect in native code
     * without passing {@code sun.nio.ch.Net}: Warden would not see their connections.
     */
    private static void refuseBypassingSocketImplementations() throws ConfigException {
        for (String property : new String[] {"jdk.net.usePlainSocketImpl", "jdk.net.usePlainDatagramSocketImpl"}) {
            String value = System.getProperty(property);
            if (value != null && !value.equalsIgnoreCase("false") && Runtime.version().feature() < 18) {
                throw new ConfigException("-D" + property + " selects a legacy socket implementation that Warden cannot mediate");
            }
        }
    }

    private static void refuse(String reason) {
        WardenLog.fatal("Warden refuses to start the JVM: " + reason);
        System.exit(REFUSED);
    }
}
