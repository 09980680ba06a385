package dev.warden.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * Per-call overhead of Warden on a small file's open + read + close: the same workload JVM
 * ({@link FileOpenWorkload}) without an agent and with Warden enforcing a {@code files} policy
 * that allows the read, launches interleaved in one run. Allowed reads are counted, not traced,
 * so this is the cost of canonicalising the path and deciding. The brief's target is at most +10%.
 * Options as {@link HttpCallOptions} (defaults: 3 runs, 20,000 warm-up and 20,000 measured calls).
 */
public final class FileOpenBench {

    static final List<String> APIS = List.of("file-input-stream", "files-read-all-bytes");
    private static final double TARGET_OVERHEAD_PERCENT = 10.0;
    private static final int FILE_BYTES = 512;

    private FileOpenBench() {
    }

    public static void main(String[] args) throws Exception {
        HttpCallOptions options = CommandLine.parseOrExit(args, HttpCallOptions::parse, HttpCallOptions.USAGE);
        CommandLine.requireFile(options.javaExecutable(), "no java in --jdk " + options.jdkHome());
        CommandLine.requireFile(options.wardenAgentJar(),
                "Warden agent jar not found; build it: mvn -q -pl javaagent -am package -DskipTests");

        Path workDir = Files.createTempDirectory("warden-file-open-bench-").toRealPath();
        Path data = Files.createDirectories(workDir.resolve("data"));
        Path file = Files.write(data.resolve("small.txt"), new byte[FILE_BYTES]);
        Path policyFile = Files.writeString(workDir.resolve("policy.yaml"), """
                policy: file-open-bench
                mode: enforce
                files:
                  - path: "%s/**"
                    allow: [read]
                """.formatted(data));
        Path wardenAgentJar = AgentJarCopy.into(workDir, options.wardenAgentJar());
        Variant baseline = new Variant("no-agent", List.of());
        Variant warden = new Variant("warden", List.of("-javaagent:" + wardenAgentJar + "=policy=" + policyFile));

        System.out.printf("JDK:           %s (%s)%n", options.jdkHome(), BuildInfo.jdkVersion(options.jdkHome()));
        System.out.printf("Warden agent:  %s (%s; run from a copy)%n", options.wardenAgentJar(),
                BuildInfo.describeBuild(wardenAgentJar));
        System.out.printf("File:          %s (%d bytes), allowed by files[0]%n", file, FILE_BYTES);
        System.out.printf("Runs:          %d per variant, interleaved; per API per launch %d warm-up + %d measured calls%n",
                options.runs(), options.warmupCalls(), options.calls());

        ChildLauncher launcher = new ChildLauncher(options.javaExecutable(), Map.of("OTEL_TRACES_EXPORTER", "none"), workDir);
        List<String> workloadArgs = List.of(file.toString(), String.valueOf(options.warmupCalls()),
                String.valueOf(options.calls()));
        Map<Variant, List<List<CallTimings>>> results = InterleavedRounds.run(List.of(baseline, warden), 0, options.runs(),
                (variant, round) -> {
                    ChildOutput output = launcher.launch(variant.name() + "-" + round, List.of(), variant,
                            FileOpenWorkload.class, workloadArgs);
                    List<CallTimings> timings = CallTimings.parseAll(output.stdout());
                    if (output.exitCode() != 0 || timings.size() != APIS.size()) {
                        System.err.printf("%s failed in round %d (exit %d). stderr:%n%s%n", variant.name(), round,
                                output.exitCode(), output.stderr());
                        System.exit(1);
                    }
                    return timings;
                });
        print(System.out, baseline, warden, results);
    }

    private static void print(PrintStream out, Variant baseline, Variant warden, Map<Variant, List<List<CallTimings>>> results) {
        out.printf("%nMicroseconds per open+read+close, median over %d launches of each launch's mean (and median):%n",
                results.get(baseline).size());
        out.printf("%-22s %14s %12s %10s %6s %14s %12s %10s%n", "api", "no-agent mean", "warden mean", "ratio", "target",
                "no-agent p50", "warden p50", "ratio");
        for (int i = 0; i < APIS.size(); i++) {
            int api = i;
            double baseMean = median(results.get(baseline), api, CallTimings::meanMicros);
            double wardenMean = median(results.get(warden), api, CallTimings::meanMicros);
            double baseMedian = median(results.get(baseline), api, CallTimings::medianMicros);
            double wardenMedian = median(results.get(warden), api, CallTimings::medianMicros);
            double ratio = wardenMean / baseMean;
            out.printf("%-22s %14.2f %12.2f %10.3f %6s %14.2f %12.2f %10.3f%n", APIS.get(i), baseMean, wardenMean, ratio,
                    (ratio - 1) * 100 <= TARGET_OVERHEAD_PERCENT ? "met" : "NOT", baseMedian, wardenMedian,
                    wardenMedian / baseMedian);
        }
        out.printf("(ratio = warden / no-agent; target: at most 1.10 on the mean)%n");
        out.printf("%nMean microseconds of each launch, in order (and its warm-up until the JIT was idle for 1 s):%n");
        for (int api = 0; api < APIS.size(); api++) {
            for (Variant variant : List.of(baseline, warden)) {
                StringBuilder launches = new StringBuilder();
                for (List<CallTimings> run : results.get(variant)) {
                    launches.append(String.format("  %.2f (%.1f s)", run.get(api).meanMicros(), run.get(api).warmupMillis() / 1000.0));
                }
                out.printf("  %-22s %-10s%s%n", APIS.get(api), variant.name(), launches);
            }
        }
    }

    private static double median(List<List<CallTimings>> runs, int api, ToDoubleFunction<CallTimings> value) {
        return Stats.median(runs.stream().map(run -> value.applyAsDouble(run.get(api))).toList());
    }
}
