package dev.warden.agent;

import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.WardenConfig;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.ResolvedNames;
import dev.warden.agent.intercept.EgressHooks;
import dev.warden.agent.intercept.InstrumentationInstaller;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.Telemetry;
import dev.warden.agent.record.WardenLog;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.policy.Mode;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import java.lang.instrument.Instrumentation;
import java.nio.file.Path;
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
            Path policyFile = policyFile(config);
            refuseBypassingSocketImplementations();
            Policy policy = parse(policyFile);
            PolicyEngine engine = PolicyEngine.compile(policy);

            Object capability = new Object();
            Telemetry telemetry = Telemetry.create();
            EgressHooks hooks = new EgressHooks(
                    new EgressDecider(new ActivePolicy(engine, 0, "unsigned policy file " + policyFile),
                            new ResolvedNames(RESOLVED_ADDRESSES_KEPT)),
                    new EgressSpans(telemetry::tracer));
            WardenBridge.install(hooks, config.failOpen(), capability);
            telemetry.start(capability, version);
            List<String> hooked = InstrumentationInstaller.install(instrumentation, agentLoader, capability);

            WardenLog.warn("unsigned policy file accepted (development only; set warden.require-signed=true to refuse it)");
            int rules = policy.egress().size();
            WardenLog.info(String.format("%s policy \"%s\" (mode %s, unsigned policy file %s, %d egress rule%s, failure mode %s)",
                    policy.mode() == Mode.ENFORCE ? "enforcing" : "auditing",
                    policy.name(), policy.mode().label(), policyFile, rules, rules == 1 ? "" : "s",
                    config.failOpen() ? "open" : "closed"));
            if (config.flag(WardenConfig.DEBUG)) {
                WardenLog.info("hooked: " + String.join(", ", hooked));
            }
        } catch (ConfigException refused) {
            refuse(refused.getMessage());
        } catch (Throwable bug) {
            refuse("internal error while starting: " + bug);
        }
    }

    private static Path policyFile(WardenConfig config) throws ConfigException {
        if (config.get(WardenConfig.BUNDLE) != null) {
            throw new ConfigException("bundle=" + config.get(WardenConfig.BUNDLE)
                    + ": signed bundles are not supported by this version yet; use policy=FILE for development");
        }
        String policy = config.get(WardenConfig.POLICY);
        if (policy == null || policy.isBlank()) {
            throw new ConfigException("no policy: give policy=FILE (agent argument), -Dwarden.policy=FILE or WARDEN_POLICY=FILE");
        }
        if (config.flag(WardenConfig.REQUIRE_SIGNED)) {
            throw new ConfigException("require-signed is set (" + config.origin(WardenConfig.REQUIRE_SIGNED)
                    + "), so the unsigned policy file " + policy + " is refused");
        }
        return Path.of(policy).toAbsolutePath();
    }

    private static Policy parse(Path file) throws ConfigException {
        try {
            return PolicyParser.parse(file);
        } catch (PolicyException invalid) {
            throw new ConfigException(invalid.getMessage());
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
