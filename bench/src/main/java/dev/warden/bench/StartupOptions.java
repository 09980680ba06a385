package dev.warden.bench;

import java.nio.file.Path;

/**
 * What {@link StartupBench} runs: how often, on which JDK, with which agent jars.
 *
 * <p>Agent paths come from the command line, else {@link BuildDefaults}.
 */
record StartupOptions(int runs, int warmups, Path jdkHome, Path wardenAgentJar, Path otelAgentJar, Path baselineAgentJar,
        boolean signedBundle) {

    static final String USAGE = """
            usage: StartupBench [--runs N] [--warmups N] [--jdk JAVA_HOME]
                                [--warden-agent JAR] [--otel-agent JAR] [--baseline-agent JAR] [--policy bundle|file]
              --runs N          measured launches per variant (default 10)
              --warmups N       discarded launches per variant before measuring (default 2)
              --jdk PATH        JDK the hello-world children run on (default: the JDK running this harness)
              --warden-agent    Warden agent jar (default: -Dwarden.agent.jar, else javaagent/target/warden-agent.jar)
              --otel-agent      OpenTelemetry Java agent jar (default: -Dotel.agent.jar, else bench/target/opentelemetry-javaagent.jar)
              --baseline-agent  another Warden agent jar (an earlier build) measured in the same rounds (default: none)
              --policy          how Warden gets its policy: bundle, signed with the agent's own commands and verified at
                                every start, as production runs it (default); file, an unsigned policy file (development)
            """;

    static StartupOptions parse(String[] args) {
        int runs = 10;
        int warmups = 2;
        Path jdkHome = Path.of(System.getProperty("java.home"));
        Path wardenAgentJar = BuildDefaults.wardenAgentJar();
        Path otelAgentJar = BuildDefaults.otelAgentJar();
        Path baselineAgentJar = null;
        boolean signedBundle = true;
        for (CommandLine.Option option : CommandLine.options(args)) {
            switch (option.name()) {
                case "--runs" -> runs = option.atLeast(1);
                case "--warmups" -> warmups = option.atLeast(0);
                case "--jdk" -> jdkHome = option.path();
                case "--warden-agent" -> wardenAgentJar = option.path();
                case "--otel-agent" -> otelAgentJar = option.path();
                case "--baseline-agent" -> baselineAgentJar = option.path();
                case "--policy" -> signedBundle = switch (option.value()) {
                    case "bundle" -> true;
                    case "file" -> false;
                    default -> throw new IllegalArgumentException("--policy is bundle or file, not " + option.value());
                };
                default -> throw option.unknown();
            }
        }
        return new StartupOptions(runs, warmups, jdkHome, wardenAgentJar.toAbsolutePath(), otelAgentJar.toAbsolutePath(),
                baselineAgentJar == null ? null : baselineAgentJar.toAbsolutePath(), signedBundle);
    }

    Path javaExecutable() {
        return jdkHome.resolve("bin").resolve("java");
    }
}
