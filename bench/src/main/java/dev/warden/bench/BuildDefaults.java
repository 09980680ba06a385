package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Default agent jar paths: the system properties {@code warden.agent.jar} / {@code otel.agent.jar}, else what
 * Maven wrote into {@code bench.properties} at build time (the root pom's {@code warden.agent.jar}, and the
 * OTel agent copied into {@code bench/target}).
 */
final class BuildDefaults {

    private static final Properties PROPERTIES = load();

    private BuildDefaults() {
    }

    static Path wardenAgentJar() {
        return Path.of(System.getProperty("warden.agent.jar", PROPERTIES.getProperty("warden.agent.jar")));
    }

    static Path otelAgentJar() {
        return Path.of(System.getProperty("otel.agent.jar", PROPERTIES.getProperty("otel.agent.jar")));
    }

    private static Properties load() {
        Properties properties = new Properties();
        try (InputStream in = BuildDefaults.class.getResourceAsStream("/bench.properties")) {
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
