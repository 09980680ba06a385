package dev.warden.bench;

import java.nio.file.Path;

/** What {@link JdbcCallBench} runs: how many launches and calls, against which database, with which agent jars. */
record JdbcCallOptions(int runs, int warmupCalls, int calls, String url, String user, Path jdkHome, Path wardenAgentJar,
        Path otelAgentJar) {

    static final String H2_URL = "jdbc:h2:mem:bench";

    static final String USAGE = """
            usage: JdbcCallBench [--runs N] [--warmup-calls N] [--calls N] [--url JDBC_URL] [--user NAME]
                                 [--jdk JAVA_HOME] [--warden-agent JAR] [--otel-agent JAR]
              --runs N          launches per variant (no agent, Warden without spans, Warden, OTel agent), interleaved (default 3)
              --warmup-calls N  unmeasured calls per shape per launch, at least (default 200000); then more, until the JIT compilers were idle for 1 s
              --calls N         measured calls per shape per launch (default 200000)
              --url URL         the database (default jdbc:h2:mem:bench; bench/run-jdbc-calls.sh --postgresql starts a
                                PostgreSQL server on loopback and passes its URL)
              --user NAME       the database user, with an empty password (default: none)
              --jdk PATH        JDK the workload children run on (default: the JDK running this harness)
              --warden-agent    Warden agent jar (default: -Dwarden.agent.jar, else javaagent/target/warden-agent.jar)
              --otel-agent      OpenTelemetry Java agent jar (default: -Dotel.agent.jar, else bench/target/opentelemetry-javaagent.jar)
            """;

    static JdbcCallOptions parse(String[] args) {
        int runs = 3;
        int warmupCalls = 200_000;
        int calls = 200_000;
        String url = H2_URL;
        String user = "";
        Path jdkHome = Path.of(System.getProperty("java.home"));
        Path wardenAgentJar = BuildDefaults.wardenAgentJar();
        Path otelAgentJar = BuildDefaults.otelAgentJar();
        for (CommandLine.Option option : CommandLine.options(args)) {
            switch (option.name()) {
                case "--runs" -> runs = option.atLeast(1);
                case "--warmup-calls" -> warmupCalls = option.atLeast(0);
                case "--calls" -> calls = option.atLeast(1);
                case "--url" -> url = option.value();
                case "--user" -> user = option.value();
                case "--jdk" -> jdkHome = option.path();
                case "--warden-agent" -> wardenAgentJar = option.path();
                case "--otel-agent" -> otelAgentJar = option.path();
                default -> throw option.unknown();
            }
        }
        return new JdbcCallOptions(runs, warmupCalls, calls, url, user, jdkHome, wardenAgentJar.toAbsolutePath(),
                otelAgentJar.toAbsolutePath());
    }

    Path javaExecutable() {
        return jdkHome.resolve("bin").resolve("java");
    }
}
