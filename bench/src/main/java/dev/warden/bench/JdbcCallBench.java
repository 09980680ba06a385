package dev.warden.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Per-call overhead on a SELECT by key through JDBC: the same workload JVM ({@link JdbcCallWorkload}) without an
 * agent, with Warden enforcing a databases rule with spans off and with every span exported, and with the
 * OpenTelemetry Java agent, launches interleaved in one run. Two shapes per launch: one prepared statement executed
 * again and again (Warden decided it when it was prepared), and prepare + execute + close per call (decided, and a
 * span, every time). The harness serves the OTLP sink itself (accepts and discards), so the exporters do their real
 * work. Targets (issue 14): with spans, at most 1.25x on H2 in memory and 1.05x on a real server; with spans off,
 * at most 1.05x; every figure below the OpenTelemetry agent's.
 */
public final class JdbcCallBench {

    /** Exports every 200 ms instead of the default 5 s, so spans leave during the measurement, not at exit. */
    private static final String SPAN_EXPORT_DELAY_MILLIS = "200";
    private static final List<String> SHAPES = List.of(JdbcCallWorkload.EXECUTE, JdbcCallWorkload.PREPARE_EXECUTE);

    private record Run(List<CallTimings> timings, double firstPrepareMicros, OtlpTraceSink.Received exported,
            ChildOutput output) {

        double meanOf(String shape) {
            return of(shape).meanMicros();
        }

        CallTimings of(String shape) {
            return timings.stream().filter(t -> t.client().equals(shape)).findFirst().orElseThrow();
        }
    }

    private JdbcCallBench() {
    }

    public static void main(String[] args) throws Exception {
        JdbcCallOptions options = CommandLine.parseOrExit(args, JdbcCallOptions::parse, JdbcCallOptions.USAGE);
        CommandLine.requireFile(options.javaExecutable(), "no java in --jdk " + options.jdkHome());
        CommandLine.requireFile(options.wardenAgentJar(), "Warden agent jar not found; build it: mvn -q -pl javaagent -am package -DskipTests");
        CommandLine.requireFile(options.otelAgentJar(), "OpenTelemetry agent jar not found; build the bench: mvn -q -pl bench -am package -DskipTests");
        OtlpTraceSink sink = new OtlpTraceSink();
        try (LoopbackHttpServer sinkServer = new LoopbackHttpServer(2, "/", sink)) {
            Path workDir = Files.createTempDirectory("warden-jdbc-call-bench-");
            Path policyFile = Files.writeString(workDir.resolve("policy.yaml"), """
                    policy: jdbc-call-bench
                    mode: enforce
                    databases:
                      - url: "%s"
                        allow: [select, insert, ddl]
                        tables: [customers]
                    """.formatted(options.url()));
            Path wardenAgentJar = AgentJarCopy.into(workDir, options.wardenAgentJar());
            String warden = "-javaagent:" + wardenAgentJar + "=policy=" + policyFile;
            List<Variant> variants = List.of(
                    new Variant("no-agent", List.of()),
                    new Variant("warden-nospans", List.of(warden, "-Dotel.traces.exporter=none")),
                    new Variant("warden", List.of(warden)),
                    new Variant("otel-agent", List.of("-javaagent:" + options.otelAgentJar())));
            String otlpEndpoint = "http://127.0.0.1:" + sinkServer.port();
            ChildLauncher launcher = new ChildLauncher(options.javaExecutable(), Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint,
                    "OTEL_BSP_SCHEDULE_DELAY", SPAN_EXPORT_DELAY_MILLIS,
                    "OTEL_METRICS_EXPORTER", "none",
                    "OTEL_LOGS_EXPORTER", "none"), workDir);

            System.out.printf("JDK:           %s (%s)%n", options.jdkHome(), BuildInfo.jdkVersion(options.jdkHome()));
            System.out.printf("Warden agent:  %s (%s; run from a copy)%n", options.wardenAgentJar(), BuildInfo.describeBuild(wardenAgentJar));
            System.out.printf("OTel agent:    %s (version %s)%n", options.otelAgentJar(), BuildInfo.jarVersion(options.otelAgentJar()));
            System.out.printf("Workload:      %s on %s; shapes %s; %d warm-up + %d measured calls per shape per launch%n",
                    JdbcCallWorkload.SELECT, options.url(), String.join(", ", SHAPES), options.warmupCalls(), options.calls());
            System.out.printf("OTLP sink:     %s%s (200, body discarded), OTEL_BSP_SCHEDULE_DELAY=%s%n", otlpEndpoint,
                    OtlpTraceSink.TRACES_PATH, SPAN_EXPORT_DELAY_MILLIS);
            System.out.printf("Runs:          %d per variant, interleaved; child output in %s%n", options.runs(), workDir);

            List<String> workloadArgs = List.of(options.url(), options.user(), String.valueOf(options.warmupCalls()),
                    String.valueOf(options.calls()));
            Map<Variant, List<Run>> results = InterleavedRounds.run(variants, 0, options.runs(),
                    (variant, round) -> launchOrExit(launcher, variant, round, workloadArgs, sink));
            print(System.out, options, variants, results);
            Files.delete(wardenAgentJar);
        }
    }

    private static Run launchOrExit(ChildLauncher launcher, Variant variant, int round, List<String> workloadArgs,
            OtlpTraceSink sink) throws IOException, InterruptedException {
        OtlpTraceSink.Received before = sink.received();
        ChildOutput output = launcher.launch(variant.name() + "-" + round, List.of(), variant, JdbcCallWorkload.class, workloadArgs);
        List<CallTimings> timings = CallTimings.parseAll(output.stdout());
        if (output.exitCode() != 0 || timings.size() != SHAPES.size()) {
            System.err.printf("%n%s launch %d failed (exit %d):%n%s%n", variant.name(), round, output.exitCode(), output.stderr());
            System.exit(1);
        }
        return new Run(timings, firstPrepare(output), sink.received().minus(before), output);
    }

    private static void print(PrintStream out, JdbcCallOptions options, List<Variant> variants, Map<Variant, List<Run>> results) {
        Variant baseline = variants.get(0);
        boolean inMemory = options.url().startsWith("jdbc:h2:mem:");
        double spansTarget = inMemory ? 1.25 : 1.05;
        out.printf("%nMicroseconds per call, median over launches of each launch's mean; ratio to %s:%n", baseline.name());
        out.printf("%-16s", "shape");
        variants.forEach(variant -> out.printf(" %16s %7s", variant.name(), "ratio"));
        out.println();
        for (String shape : SHAPES) {
            double base = median(results.get(baseline), shape);
            out.printf("%-16s", shape);
            for (Variant variant : variants) {
                double mean = median(results.get(variant), shape);
                out.printf(" %16.3f %6.3fx", mean, mean / base);
            }
            out.println();
        }
        out.printf("(targets: warden at most %.2fx, warden-nospans at most 1.05x, both below otel-agent)%n", spansTarget);

        out.printf("%nMean microseconds per call of each launch, in order (and its warm-up until the JIT was idle for 1 s):%n");
        for (String shape : SHAPES) {
            for (Variant variant : variants) {
                out.printf("  %-16s %-16s %s%n", shape, variant.name(), results.get(variant).stream()
                        .map(run -> String.format("%.3f (%.1f s)", run.meanOf(shape), run.of(shape).warmupMillis() / 1000.0))
                        .collect(Collectors.joining("  ")));
            }
        }
        out.printf("%nFirst prepareStatement, microseconds (median over launches):");
        variants.forEach(variant -> out.printf(" %s %.0f", variant.name(),
                Stats.median(results.get(variant).stream().map(Run::firstPrepareMicros).toList())));
        out.printf("%n%nOTLP sink, per launch (export requests / KiB of spans):%n");
        for (Variant variant : variants) {
            out.printf("  %-16s %s%n", variant.name(), results.get(variant).stream()
                    .map(run -> String.format("%d / %.0f", run.exported().traceExports(), run.exported().traceBytes() / 1024.0))
                    .collect(Collectors.joining(",  ")));
        }
        out.printf("%nChild stderr, first run of each variant:%n");
        for (Variant variant : variants) {
            ChildStderrSummary.print(out, variant.name(), results.get(variant).stream().map(run -> run.output().stderr()).toList());
        }
    }

    private static double median(List<Run> runs, String shape) {
        List<Double> means = new ArrayList<>();
        runs.forEach(run -> means.add(run.meanOf(shape)));
        return Stats.median(means);
    }

    private static double firstPrepare(ChildOutput output) {
        for (String line : output.stdout().split("\n")) {
            if (line.startsWith("FIRST_PREPARE_US ")) {
                return Double.parseDouble(line.substring("FIRST_PREPARE_US ".length()).trim());
            }
        }
        throw new IllegalStateException("no FIRST_PREPARE_US line in\n" + output.stdout());
    }
}
