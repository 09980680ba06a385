package dev.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-call overhead of Warden on a prepared SELECT against H2 in memory: the same workload JVM
 * ({@link JdbcCallWorkload}) without an agent and with Warden enforcing a databases rule, launches
 * interleaved in one run. The statement is decided once, when it is prepared; the brief's target is
 * at most +5% per call. Also prints the first prepareStatement's time per variant, which with Warden
 * includes its first SQL parse.
 *
 * <p>Usage: {@code JdbcCallBench [--runs N] [--warmup-calls N] [--calls N] [--jdk JAVA_HOME] [--warden-agent JAR]}
 */
public final class JdbcCallBench {

    private static final double TARGET_OVERHEAD_PERCENT = 5.0;

    private JdbcCallBench() {
    }

    public static void main(String[] args) throws Exception {
        HttpCallOptions options = CommandLine.parseOrExit(args, HttpCallOptions::parse,
                HttpCallOptions.USAGE.replace("HttpCallBench", "JdbcCallBench"));
        CommandLine.requireFile(options.javaExecutable(), "no java in --jdk " + options.jdkHome());
        CommandLine.requireFile(options.wardenAgentJar(), "Warden agent jar not found; build it: mvn -q -pl javaagent -am package -DskipTests");
        Path workDir = Files.createTempDirectory("warden-jdbc-call-bench-");
        Path policyFile = Files.writeString(workDir.resolve("policy.yaml"), """
                policy: jdbc-call-bench
                mode: enforce
                databases:
                  - url: "%s"
                    allow: [select, insert, ddl]
                    tables: [customers]
                """.formatted(JdbcCallWorkload.URL));
        Path wardenAgentJar = AgentJarCopy.into(workDir, options.wardenAgentJar());
        Variant baseline = new Variant("no-agent", List.of());
        Variant warden = new Variant("warden", List.of("-javaagent:" + wardenAgentJar + "=policy=" + policyFile));
        // no collector: the set-up statements' spans are dropped; executing the prepared statement makes none
        ChildLauncher launcher = new ChildLauncher(options.javaExecutable(), Map.of("OTEL_TRACES_EXPORTER", "none"), workDir);

        System.out.printf("JDK:           %s (%s)%n", options.jdkHome(), BuildInfo.jdkVersion(options.jdkHome()));
        System.out.printf("Warden agent:  %s (%s)%n", options.wardenAgentJar(), BuildInfo.describeBuild(wardenAgentJar));
        System.out.printf("Workload:      %s on %s, %d warm-up + %d measured executions per launch, %d launches per variant%n",
                JdbcCallWorkload.SELECT, JdbcCallWorkload.URL, options.warmupCalls(), options.calls(), options.runs());

        List<String> workloadArgs = List.of(String.valueOf(options.warmupCalls()), String.valueOf(options.calls()));
        Map<Variant, List<ChildOutput>> results = InterleavedRounds.run(List.of(baseline, warden), 0, options.runs(),
                (variant, round) -> {
                    ChildOutput output = launcher.launch(variant.name() + "-" + round, List.of(), variant,
                            JdbcCallWorkload.class, workloadArgs);
                    if (output.exitCode() != 0 || CallTimings.parseAll(output.stdout()).isEmpty()) {
                        System.err.printf("%n%s launch %d failed (exit %d):%n%s%n", variant.name(), round, output.exitCode(),
                                output.stderr());
                        System.exit(1);
                    }
                    return output;
                });

        double baselineMean = medianOf(results.get(baseline), true);
        double wardenMean = medianOf(results.get(warden), true);
        double overhead = (wardenMean / baselineMean - 1) * 100;
        System.out.printf("%nMicroseconds per execution, median over launches of each launch's mean:%n");
        System.out.printf("  %-10s %8.3f   (launches: %s)%n", baseline.name(), baselineMean, means(results.get(baseline)));
        System.out.printf("  %-10s %8.3f   (launches: %s)%n", warden.name(), wardenMean, means(results.get(warden)));
        System.out.printf("  ratio      %8.3f   overhead %+.1f%% (target at most +%.0f%%: %s)%n", wardenMean / baselineMean,
                overhead, TARGET_OVERHEAD_PERCENT, overhead <= TARGET_OVERHEAD_PERCENT ? "met" : "NOT met");
        System.out.printf("%nFirst prepareStatement, microseconds (median over launches): %s %.0f, %s %.0f%n",
                baseline.name(), medianOf(results.get(baseline), false), warden.name(), medianOf(results.get(warden), false));
        Files.delete(wardenAgentJar);
    }

    /** The median over launches of each launch's mean per execution, or of its first prepare. */
    private static double medianOf(List<ChildOutput> outputs, boolean perExecution) {
        List<Double> values = new ArrayList<>();
        for (ChildOutput output : outputs) {
            values.add(perExecution ? CallTimings.parseAll(output.stdout()).get(0).meanMicros() : firstPrepare(output));
        }
        return Stats.median(values);
    }

    private static double firstPrepare(ChildOutput output) {
        for (String line : output.stdout().split("\n")) {
            if (line.startsWith("FIRST_PREPARE_US ")) {
                return Double.parseDouble(line.substring("FIRST_PREPARE_US ".length()).trim());
            }
        }
        throw new IllegalStateException("no FIRST_PREPARE_US line in\n" + output.stdout());
    }

    private static String means(List<ChildOutput> outputs) {
        List<String> means = new ArrayList<>();
        outputs.forEach(output -> means.add(String.format("%.3f", CallTimings.parseAll(output.stdout()).get(0).meanMicros())));
        return String.join("  ", means);
    }
}
