package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.jar.JarFile;

/**
 * Startup time and peak memory of a hello-world JVM with no agent, with Warden, and with the
 * OpenTelemetry Java agent, measured side by side in one run.
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
        StartupOptions options;
        try {
            options = StartupOptions.parse(args);
        } catch (IllegalArgumentException e) {
            if (!e.getMessage().isEmpty()) {
                System.err.println(e.getMessage());
            }
            System.err.print(StartupOptions.USAGE);
            System.exit(2);
            return;
        }
        requireFile(options.javaExecutable(), "no java in --jdk " + options.jdkHome());
        requireFile(options.wardenAgentJar(), "Warden agent jar not found; build it: mvn -q -pl javaagent -am install -DskipTests");
        requireFile(options.otelAgentJar(), "OTel agent jar not found; build the bench: mvn -q -pl bench -am package -DskipTests");

        Path workDir = Files.createTempDirectory("warden-startup-bench-");
        Path policyFile = Files.writeString(workDir.resolve("policy.yaml"), POLICY);
        // A copy, so that a rebuild of the agent during the run cannot mix two builds (or a half-written jar) into one table.
        Path wardenAgentJar = Files.copy(options.wardenAgentJar(), workDir.resolve("warden-agent.jar"),
                StandardCopyOption.COPY_ATTRIBUTES);
        String otlpEndpoint = "http://127.0.0.1:" + findClosedLoopbackPort();

        Variant baseline = new Variant("no-agent", List.of());
        Variant warden = new Variant("warden",
                List.of("-javaagent:" + wardenAgentJar + "=policy=" + policyFile));
        Variant otel = new Variant("otel-javaagent",
                List.of("-javaagent:" + options.otelAgentJar(), "-Dotel.traces.exporter=otlp"));
        List<Variant> variants = List.of(baseline, warden, otel);

        System.out.printf("JDK:           %s (%s)%n", options.jdkHome(), jdkVersion(options.jdkHome()));
        System.out.printf("Warden agent:  %s (%s; run from a copy)%n", options.wardenAgentJar(), describeBuild(wardenAgentJar));
        System.out.printf("OTel agent:    %s (version %s)%n", options.otelAgentJar(), jarVersion(options.otelAgentJar()));
        System.out.printf("OTLP endpoint: %s (nothing listening)%n", otlpEndpoint);
        System.out.printf("Runs:          %d measured + %d warm-up per variant, interleaved; child output in %s%n",
                options.runs(), options.warmups(), workDir);

        ChildLauncher launcher = new ChildLauncher(options.javaExecutable(), helloWorldClasspath(),
                childEnvironment(otlpEndpoint), workDir);
        Map<Variant, List<LaunchResult>> results = runInterleaved(launcher, variants, options.warmups(), options.runs());
        new StartupReport(baseline, warden, otel, results).print(System.out);
        Files.delete(wardenAgentJar); // the copy is large; the logs beside it stay for inspection
    }

    private static Map<Variant, List<LaunchResult>> runInterleaved(ChildLauncher launcher, List<Variant> variants,
            int warmups, int runs) throws IOException, InterruptedException {
        Map<Variant, List<LaunchResult>> results = new LinkedHashMap<>();
        variants.forEach(variant -> results.put(variant, new ArrayList<>()));
        for (int round = 0; round < warmups + runs; round++) {
            for (int i = 0; i < variants.size(); i++) {
                // Rotate who goes first so no variant always follows the same neighbour.
                Variant variant = variants.get((round + i) % variants.size());
                LaunchResult result = launcher.launch(variant, round);
                if (!result.succeeded()) {
                    System.err.printf("%n%s failed in round %d (exit %d). stderr:%n%s%n", variant.name(), round,
                            result.exitCode(), result.stderr());
                    System.exit(1);
                }
                if (round >= warmups) {
                    results.get(variant).add(result);
                }
            }
            System.err.print(round < warmups ? "w" : ".");
        }
        System.err.println();
        return results;
    }

    /** The children see the same environment, minus anything that would attach or configure an agent behind our back. */
    private static Map<String, String> childEnvironment(String otlpEndpoint) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS")
                || name.equals("_JAVA_OPTIONS") || name.startsWith("OTEL_") || name.startsWith("WARDEN_"));
        environment.put("OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint);
        return environment;
    }

    /** A port that was free a moment ago and that nobody listens on, so exports fail fast with "connection refused". */
    private static int findClosedLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Wherever this class was loaded from (bench/target/classes, normally) also holds HelloWorld. */
    private static String helloWorldClasspath() throws URISyntaxException {
        return Path.of(HelloWorld.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private static String jdkVersion(Path jdkHome) throws IOException {
        Path release = jdkHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return "version unknown";
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
        }
        return properties.getProperty("IMPLEMENTOR", "?").replace("\"", "") + " "
                + properties.getProperty("JAVA_VERSION", "?").replace("\"", "");
    }

    private static String jarVersion(Path jar) throws IOException {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            String version = jarFile.getManifest().getMainAttributes().getValue("Implementation-Version");
            return version == null ? "unknown" : version;
        }
    }

    /** Agents under development get rebuilt often: say which build was measured. */
    private static String describeBuild(Path jar) throws IOException {
        return String.format("%.1f MiB, modified %s", Files.size(jar) / (1024.0 * 1024.0),
                Files.getLastModifiedTime(jar).toInstant().truncatedTo(ChronoUnit.SECONDS));
    }

    private static void requireFile(Path path, String hint) {
        if (!Files.isRegularFile(path)) {
            System.err.println(path + ": " + hint);
            System.exit(2);
        }
    }
}
