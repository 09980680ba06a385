package dev.warden.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Startup time, CPU time, peak memory and classes loaded of a hello-world JVM with no agent, with
 * Warden, and with the OpenTelemetry Java agent, measured side by side in one run.
 *
 * <p>Launches are interleaved round by round (and the order rotates each round) so that drift in the
 * machine's load hits every variant alike. Both agents get the same OTLP endpoint: a loopback port
 * with nothing listening, so each runs its real exporter configuration without a collector.
 */
public final class StartupBench {

    private static final String POLICY = """
            policy: startup-bench
            mode: enforce
            egress:
              - to: "api.openai.com:443"
            """;

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        StartupOptions options = CommandLine.parseOrExit(args, StartupOptions::parse, StartupOptions.USAGE);
        CommandLine.requireFile(options.javaExecutable(), "no java in --jdk " + options.jdkHome());
        CommandLine.requireFile(options.wardenAgentJar(),
                "Warden agent jar not found; build it: mvn -q -pl javaagent -am install -DskipTests");
        CommandLine.requireFile(options.otelAgentJar(),
                "OTel agent jar not found; build the bench: mvn -q -pl bench -am package -DskipTests");

        Path workDir = Files.createTempDirectory("warden-startup-bench-");
        Path wardenAgentJar = AgentJarCopy.into(workDir, options.wardenAgentJar());
        String otlpEndpoint = "http://127.0.0.1:" + findClosedLoopbackPort();

        Variant baseline = new Variant("no-agent", List.of());
        // a bundle's anti-rollback state is kept across launches, as across an app's restarts
        String policyArguments = options.signedBundle()
                ? SignedBundle.agentArguments(options.javaExecutable(), wardenAgentJar, workDir, "startup-bench", POLICY)
                : "policy=" + Files.writeString(workDir.resolve("policy.yaml"), POLICY);
        Variant warden = new Variant("warden", List.of(wardenAgent(wardenAgentJar, policyArguments, options, workDir, "warden")));
        Variant otel = new Variant("otel-javaagent",
                List.of("-javaagent:" + options.otelAgentJar(), "-Dotel.traces.exporter=otlp"));
        List<Variant> variants = new ArrayList<>(List.of(baseline, warden, otel));
        Path baselineAgentJar = null;
        Variant earlierWarden = null;
        if (options.baselineAgentJar() != null) {
            CommandLine.requireFile(options.baselineAgentJar(), "baseline agent jar not found: " + options.baselineAgentJar());
            baselineAgentJar = Files.copy(options.baselineAgentJar(), workDir.resolve("baseline-agent.jar"));
            earlierWarden = new Variant("warden-baseline",
                    List.of(wardenAgent(baselineAgentJar, policyArguments, options, workDir, "warden-baseline")));
            variants.add(earlierWarden);
        }

        System.out.printf("JDK:           %s (%s)%n", options.jdkHome(), BuildInfo.jdkVersion(options.jdkHome()));
        System.out.printf("Warden agent:  %s (%s; run from a copy)%n", options.wardenAgentJar(),
                BuildInfo.describeBuild(wardenAgentJar));
        if (earlierWarden != null) {
            System.out.printf("Baseline:      %s (%s)%n", options.baselineAgentJar(), BuildInfo.describeBuild(options.baselineAgentJar()));
        }
        System.out.printf("OTel agent:    %s (version %s)%n", options.otelAgentJar(),
                BuildInfo.jarVersion(options.otelAgentJar()));
        System.out.printf("Policy:        %s%n", options.signedBundle()
                ? "a signed bundle, verified at every start (--policy file: an unsigned policy file)" : "an unsigned policy file");
        System.out.printf("OTLP endpoint: %s (nothing listening)%n", otlpEndpoint);
        System.out.printf("Runs:          %d measured + %d warm-up per variant, interleaved; child output in %s%n",
                options.runs(), options.warmups(), workDir);

        HelloWorldLauncher launcher = new HelloWorldLauncher(new ChildLauncher(options.javaExecutable(),
                Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint), workDir));
        Map<Variant, List<LaunchResult>> results = InterleavedRounds.run(variants, options.warmups(), options.runs(),
                (variant, round) -> launchOrExit(launcher, variant, round));
        Map<Variant, Long> loadedClasses = new LinkedHashMap<>();
        for (Variant variant : variants) {
            loadedClasses.put(variant, launcher.loadedClasses(variant));
        }
        new StartupReport(baseline, warden, otel, earlierWarden, results, loadedClasses).print(System.out);
        Files.delete(wardenAgentJar);
        if (baselineAgentJar != null) {
            Files.delete(baselineAgentJar);
        }
    }

    /** The {@code -javaagent} option of a Warden jar; a bundle's state directory is the variant's own. */
    private static String wardenAgent(Path jar, String policyArguments, StartupOptions options, Path workDir, String variant) {
        return "-javaagent:" + jar + "=" + policyArguments
                + (options.signedBundle() ? ",state=" + workDir.resolve("state-" + variant) : "");
    }

    private static LaunchResult launchOrExit(HelloWorldLauncher launcher, Variant variant, int round)
            throws IOException, InterruptedException {
        LaunchResult result = launcher.launch(variant, round);
        if (!result.succeeded()) {
            System.err.printf("%n%s failed in round %d (exit %d). stderr:%n%s%n", variant.name(), round,
                    result.exitCode(), result.stderr());
            System.exit(1);
        }
        return result;
    }

    /** A port that was free a moment ago and that nobody listens on, so exports fail fast with "connection refused". */
    private static int findClosedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
