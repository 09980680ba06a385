package dev.warden.agent;

import dev.warden.agent.config.BundleReloader;
import dev.warden.agent.config.ConfigException;
import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.OtherAgents;
import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.apply.protect.ProtectParticipant;
import dev.warden.agent.config.DataKeys;
import dev.warden.agent.apply.credential.CredentialInjection;
import dev.warden.agent.apply.credential.CredentialParticipant;
import dev.warden.agent.apply.credential.Credentials;
import dev.warden.agent.config.JvmArguments;
import dev.warden.agent.intercept.EncryptionZones;
import dev.warden.agent.intercept.TlsVersionCheck;
import dev.warden.bootstrap.TlsBridge;
import dev.warden.bootstrap.ZoneBridge;
import dev.warden.policy.FileRule;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicySections;
import dev.warden.agent.record.genai.ChatApi;
import dev.warden.agent.record.genai.ChatCalls;
import dev.warden.agent.record.genai.ChatSpans;
import dev.warden.agent.config.ModeOverride;
import dev.warden.agent.config.OpenTelemetryAgentExclusion;
import dev.warden.agent.config.PolicySource;
import dev.warden.agent.config.WardenConfig;
import dev.warden.agent.config.WardenSecrets;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.agent.decide.DatabaseDecider;
import dev.warden.agent.decide.DatabaseSockets;
import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.FileDecider;
import dev.warden.agent.decide.JvmFileAllowances;
import dev.warden.agent.decide.ProcessStartDecider;
import dev.warden.agent.decide.ResolvedNames;
import dev.warden.agent.intercept.DatabaseHooks;
import dev.warden.agent.intercept.EgressHooks;
import dev.warden.agent.intercept.EgressTraffic;
import dev.warden.agent.intercept.FileAccessHooks;
import dev.warden.agent.intercept.HttpLibraryCalls;
import dev.warden.agent.intercept.HttpRequests;
import dev.warden.agent.intercept.HttpBodyHooks;
import dev.warden.agent.intercept.ProcessStarts;
import dev.warden.agent.intercept.EnvironmentView;
import dev.warden.agent.intercept.UrlConnectionHeaders;
import dev.warden.bootstrap.EnvironmentBridge;
import dev.warden.agent.intercept.CodeSegmentClasses;
import dev.warden.agent.intercept.InstrumentationInstaller;
import dev.warden.agent.intercept.SelfProtection;
import dev.warden.agent.intercept.SelfProtectionWarnings;
import dev.warden.agent.intercept.ToolScopes;
import dev.warden.agent.record.DecisionRecorder;
import dev.warden.agent.record.DenialSpans;
import dev.warden.agent.record.DatabaseSpans;
import dev.warden.agent.record.EgressSpans;
import dev.warden.agent.record.FileSpans;
import dev.warden.agent.record.ProcessSpans;
import dev.warden.agent.record.ReloadRecorder;
import dev.warden.agent.record.Telemetry;
import dev.warden.agent.record.ToolSpans;
import dev.warden.agent.record.TrafficMetrics;
import dev.warden.agent.record.WardenLog;
import dev.warden.agent.record.audit.AuditLog;
import dev.warden.agent.record.audit.AuditSetup;
import dev.warden.bootstrap.SelfProtectionBridge;
import dev.warden.bootstrap.TrafficBridge;
import dev.warden.bootstrap.BodyBridge;
import dev.warden.bootstrap.FileBridge;
import dev.warden.bootstrap.JdbcBridge;
import dev.warden.bootstrap.HttpLibraryBridge;
import dev.warden.bootstrap.ProcessBridge;
import dev.warden.bootstrap.NativeBridge;
import dev.warden.agent.intercept.NativeCode;
import dev.warden.agent.decide.NativeDecider;
import dev.warden.bootstrap.ScopeBridge;
import dev.warden.bootstrap.WardenBridge;
import dev.warden.policy.decide.SqlAnalysisCache;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.api.trace.Tracer;
import java.lang.instrument.Instrumentation;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Starts Warden inside the app's JVM, called by the launcher's {@code premain} through Warden's
 * own class loader. Fail closed: anything that keeps Warden from enforcing the policy stops the
 * JVM with one line that says why, before the app's {@code main} runs.
 */
public final class AgentStarter {

    /** Exit status of a JVM that Warden refused to start. */
    public static final int REFUSED = 78;

    private static final int RESOLVED_ADDRESSES_KEPT = 8192;
    private static final int SQL_TEXTS_KEPT = 4096;

    private AgentStarter() {
    }

    /** Entry point, called reflectively by {@code dev.warden.agent.launcher.WardenLauncher}. */
    public static void start(String agentArgs, Instrumentation instrumentation, ClassLoader agentLoader, String version) {
        Object capability = new Object();
        try {
            WardenConfig config = WardenConfig.load(agentArgs, System.getProperties(), System.getenv());
            OpenTelemetryAgentExclusion.apply(System.getProperties(), System.getenv());
            refuseBypassingSocketImplementations();
            JvmArguments jvmArguments = JvmArguments.of(instrumentation);
            SelfProtectionWarnings jvmSettings = new SelfProtectionWarnings(jvmArguments);
            if (config.flag(WardenConfig.STRICT)) {
                jvmSettings.refuseUncontained();
            }
            ModeOverride modeOverride = ModeOverride.from(config);
            PolicySource.Loaded loaded = PolicySource.load(config, modeOverride);
            Optional<DataKeys> dataKeys = config.dataKeys(System::getenv);
            refuseZonesWithoutKeys(loaded.policy().engine().policy(), dataKeys);
            // read before the app's view of the environment hides the credentials' variables
            Map<String, String> environmentAtStart = Map.copyOf(System.getenv());
            Credentials credentials = new Credentials(environmentAtStart::get, dataKeys);
            checkCredentialSources(credentials.of(loaded.policy()), loaded.policy());

            AuditLog audit = AuditSetup.open(config);
            Telemetry telemetry = Telemetry.create();
            EgressDecider decider = new EgressDecider(loaded.policy(), new ResolvedNames(RESOLVED_ADDRESSES_KEPT));
            // one instance of each handed to every part: each method reference written out spins a class of its own
            Supplier<ActivePolicy> active = decider::active;
            Supplier<Tracer> tracer = telemetry::tracer;
            Consumer<Consumer<Meter>> whenMeterReady = telemetry::whenReady;
            if (config.flag(WardenConfig.DEBUG)) {
                WardenLog.enableDebug();
            }
            DecisionRecorder recorder = new DecisionRecorder(audit, whenMeterReady, config.learnWindow().toSeconds(),
                    Telemetry.exported("logs", System.getenv()) ? telemetry::logger : null);
            DatabaseSockets databaseSockets = new DatabaseSockets(decider);
            EgressSpans spans = new EgressSpans(tracer);
            HttpBodySeam bodies = new HttpBodySeam();
            ProtectParticipant protect = new ProtectParticipant(dataKeys, recorder);
            protect.check(decider.active());
            bodies.add(protect);
            // after protection: a chat span records the request as it was sent
            bodies.add(new ChatCalls(chatApi(config), new ChatSpans(tracer),
                    () -> decider.active().engine().policy().recordsGenAiContent()));
            // last: every participant before it, and everything recorded, sees the placeholder, never the value
            CredentialInjection credentialInjection = new CredentialInjection(credentials, recorder);
            bodies.add(new CredentialParticipant(credentialInjection));
            OtherAgents otherAgents = new OtherAgents(jvmArguments.agentJars());
            AccessMediator mediator = new AccessMediator(recorder, otherAgents);
            DenialSpans denialSpans = new DenialSpans(tracer);
            HttpRequests httpRequests = new HttpRequests(decider, spans, mediator);
            EgressHooks hooks = new EgressHooks(decider, spans, databaseSockets, mediator, httpRequests, bodies,
                    credentialInjection, new UrlConnectionHeaders(instrumentation));
            WardenBridge.install(hooks, config.failOpen(), capability);
            HttpLibraryCalls libraryCalls = new HttpLibraryCalls(httpRequests, bodies, credentialInjection);
            HttpLibraryBridge.install(libraryCalls, capability);
            BodyBridge.install(new HttpBodyHooks(libraryCalls, hooks), capability);
            CanonicalPaths paths = CanonicalPaths.ofProcess();
            WardenSecrets secrets = WardenSecrets.of(config, paths);
            EnvironmentBridge.install(new EnvironmentView(active, secrets), capability);
            ProcessBridge.install(new ProcessStarts(new ProcessStartDecider(active),
                    new ProcessSpans(tracer), mediator, paths, environmentAtStart), capability);
            TrafficBridge.install(new EgressTraffic(decider, new TrafficMetrics(whenMeterReady),
                    Telemetry.exported("metrics", System.getenv()), mediator, denialSpans, instrumentation), capability);
            if (audit != null) {
                AuditSetup.start(audit, capability);
            }
            FileDecider files = installFileHooks(config, secrets, instrumentation, jvmArguments, paths, active, tracer, telemetry, mediator,
                    dataKeys.orElse(null), capability);
            TlsBridge.install(new TlsVersionCheck(instrumentation, active, mediator, denialSpans), capability);
            JdbcBridge.install(new DatabaseHooks(new DatabaseDecider(active, new SqlAnalysisCache(SQL_TEXTS_KEPT)),
                    databaseSockets, new DatabaseSpans(tracer), mediator), capability);
            ScopeBridge.install(new ToolScopes(new ToolSpans(tracer), active, mediator), capability);
            NativeBridge.install(new NativeCode(new NativeDecider(active), mediator, denialSpans), capability);
            telemetry.start(capability, version);
            CodeSegmentClasses codeSegments = new CodeSegmentClasses(active, agentLoader);
            List<String> hooked = InstrumentationInstaller.install(instrumentation, agentLoader, codeSegments, otherAgents, capability,
                    () -> active.get().enforcing());
            SelfProtectionBridge.install(new SelfProtection(agentLoader, Set.copyOf(hooked), otherAgents, active, mediator,
                    denialSpans), capability);
            jvmSettings.warn();

            Duration reload = config.reloadInterval();
            if (loaded.bundle() != null && !reload.isZero()) {
                new BundleReloader(loaded.bundle(), loaded.origin(), decider, reload,
                        new ReloadRecorder(tracer, telemetry::meter), modeOverride,
                        (previous, next) -> codeSegments.policyReplaced(previous, next, instrumentation)).start(capability);
            }
            if (loaded.warning() != null) {
                WardenLog.warn(loaded.warning());
            }
            String containment = jvmSettings.containmentAdvice();
            WardenLog.info(loaded.startupLine() + (containment == null ? "" : "; " + containment));
            if (config.flag(WardenConfig.DEBUG)) {
                WardenLog.info("hooked: " + String.join(", ", hooked));
                dataKeys.ifPresent(keys -> WardenLog.info("data keys: " + keys.all().size() + " from " + keys.origin()
                        + "; " + keys.current().id() + " encrypts"));
                for (JvmFileAllowances.Allowance allowance : files.allowances().allowances()) {
                    WardenLog.info("built-in file allowance " + allowance.name() + " (read and list only; " + allowance.why()
                            + "; off with strict=true): " + String.join(", ", allowance.paths()));
                }
            }
        } catch (ConfigException | InstrumentationInstaller.UnwovenTargetsException refused) {
            refuse(refused.getMessage());
        } catch (Throwable bug) {
            refuse("internal error while starting: " + bug);
        }
    }

    /**
     * The file door: decisions share the egress decider's policy in force, so one reload replaces
     * both. Built before any file class is retransformed.
     */
    private static FileDecider installFileHooks(WardenConfig config, WardenSecrets secrets, Instrumentation instrumentation, JvmArguments jvmArguments,
            CanonicalPaths paths, Supplier<ActivePolicy> active, Supplier<Tracer> tracer, Telemetry telemetry, AccessMediator mediator,
            DataKeys dataKeys,
            Object capability) throws Exception {
        JvmFileAllowances allowances = config.flag(WardenConfig.STRICT)
                ? JvmFileAllowances.none()
                : JvmFileAllowances.of(System::getProperty, jvmArguments.agentJars(), jvmArguments.flightRecorderFiles(),
                        jvmArguments.flightRecorderRepository(), paths);
        FileDecider decider = new FileDecider(active, allowances, secrets, paths);
        FileSpans spans = new FileSpans(tracer);
        telemetry.whenReady(spans::observeWith);
        FileAccessHooks fileHooks = new FileAccessHooks(paths, decider, spans, mediator, instrumentation);
        FileBridge.install(fileHooks, capability);
        ZoneBridge.install(new EncryptionZones(paths, decider, fileHooks, dataKeys, mediator, spans), capability);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            WardenBridge.markOwnThread(capability);
            ZoneBridge.finishAll(capability);
        }, "warden-zone-finish"));
        return decider;
    }

    /** A credential whose source is missing refuses an enforcing start; audit and learn mode say so and go on. */
    private static void checkCredentialSources(Credentials.InForce credentials, ActivePolicy policy) throws ConfigException {
        if (policy.enforcing()) {
            credentials.values().refuseMissing();
        }
        credentials.values().missing().forEach((name, why) -> WardenLog.warn("credential '" + name + "' has no value ("
                + why + "): requests carrying its placeholder are sent with the placeholder"));
    }

    /** A zone without keys could only write plaintext or nothing: the start is refused instead. */
    private static void refuseZonesWithoutKeys(Policy policy, Optional<DataKeys> dataKeys) throws ConfigException {
        if (dataKeys.isEmpty() && policy.hasEncryptionZones()) {
            String zones = policy.rules().get(PolicySections.FILES).stream().filter(FileRule::encrypt)
                    .map(rule -> rule.id() + " (" + rule.path() + ")").collect(java.util.stream.Collectors.joining(", "));
            throw new ConfigException("the policy has encryption zones (" + zones + ") but no data keys are configured:"
                    + " set keys=FILE or keys=env:NAME (make a key file with: java -jar warden-agent.jar keygen --data --out FILE)");
        }
    }

    /** The chat APIs whose calls get GenAI spans: the built-in ones, and those {@code llm-paths} adds. */
    private static ChatApi chatApi(WardenConfig config) throws ConfigException {
        String extra = config.get(WardenConfig.LLM_PATHS);
        try {
            return extra == null ? ChatApi.builtIn() : ChatApi.withExtra(extra);
        } catch (IllegalArgumentException bad) {
            throw new ConfigException(WardenConfig.LLM_PATHS + ": " + bad.getMessage());
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
