package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * What {@link StartupBench} runs: how often, on which JDK, with which agent jars.
 *
 * <p>Agent paths come from, in order of precedence: the command line, the system properties
 * {@code warden.agent.jar} / {@code otel.agent.jar}, and the defaults Maven wrote into
 * {@code bench.properties} at build time (the root pom's {@code warden.agent.jar}, and the OTel agent
 * copied into {@code bench/target}).
 */
record StartupOptions(int runs, int warmups, Path jdkHome, Path wardenAgentJar, Path otelAgentJar) {

    static final String USAGE = """
            usage: StartupBench [--runs N] [--warmups N] [--jdk JAVA_HOME]
                                [--warden-agent JAR] [--otel-agent JAR]
              --runs N          measured launches per variant (default 10)
              --warmups N       discarded launches per variant before measuring (default 2)
              --jdk PATH        JDK the hello-world children run on (default: the JDK running this harness)
              --warden-agent    Warden agent jar (default: -Dwarden.agent.jar, else javaagent/target/warden-agent.jar)
              --otel-agent      OpenTelemetry Java agent jar (default: -Dotel.agent.jar, else bench/target/opentelemetry-javaagent.jar)
            """;

    static StartupOptions parse(String[] args) {
        Properties defaults = buildDefaults();
        int runs = 10;
        int warmups = 2;
        Path jdkHome = Path.of(System.getProperty("java.home"));
        Path wardenAgentJar = Path.of(System.getProperty("warden.agent.jar", defaults.getProperty("warden.agent.jar")));
        Path otelAgentJar = Path.of(System.getProperty("otel.agent.jar", defaults.getProperty("otel.agent.jar")));
        for (int i = 0; i < args.length; i++) {
            String option = args[i];
            if (option.equals("-h") || option.equals("--help")) {
                throw new IllegalArgumentException("");
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            String value = args[++i];
            switch (option) {
                case "--runs" -> runs = atLeast(1, option, value);
                case "--warmups" -> warmups = atLeast(0, option, value);
                case "--jdk" -> jdkHome = Path.of(value);
                case "--warden-agent" -> wardenAgentJar = Path.of(value);
                case "--otel-agent" -> otelAgentJar = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option " + option);
            }
        }
        return new StartupOptions(runs, warmups, jdkHome, wardenAgentJar.toAbsolutePath(), otelAgentJar.toAbsolutePath());
    }

    Path javaExecutable() {
        return jdkHome.resolve("bin").resolve("java");
    }

    private static int atLeast(int minimum, String option, String value) {
        int number = Integer.parseInt(value);
        if (number < minimum) {
            throw new IllegalArgumentException(option + " must be at least " + minimum);
        }
        return number;
    }

    private static Properties buildDefaults() {
        Properties properties = new Properties();
        try (InputStream in = StartupOptions.class.getResourceAsStream("/bench.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // Without the Maven-filtered file (e.g. compiled by an IDE) fall back to repo-relative paths.
        properties.putIfAbsent("warden.agent.jar", "javaagent/target/warden-agent.jar");
        properties.putIfAbsent("otel.agent.jar", "bench/target/opentelemetry-javaagent.jar");
        return properties;
    }
}
