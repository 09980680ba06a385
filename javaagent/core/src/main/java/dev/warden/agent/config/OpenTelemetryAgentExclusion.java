package dev.warden.agent.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * Keeps the OpenTelemetry Java agent from type-matching Warden's own classes: it would run its
 * hundreds of matchers on each of the thousand-odd classes Warden defines at start and later (its
 * SQL parser, its SDK), which made a Spring Boot start with both agents about 2 s slower. Adds
 * {@code dev.warden.*} to that agent's {@code otel.javaagent.exclude-classes}, keeping what the user
 * set there (system property, environment variable or configuration file, in that agent's order).
 * That agent reads it in its {@code premain}: this takes effect when Warden's {@code -javaagent}
 * comes first. Nothing else reads the property, so it is set whether or not that agent is present.
 */
public final class OpenTelemetryAgentExclusion {

    static final String PROPERTY = "otel.javaagent.exclude-classes";
    static final String WARDEN_CLASSES = "dev.warden.*";

    private OpenTelemetryAgentExclusion() {
    }

    public static void apply(Properties system, Map<String, String> environment) {
        String configured = system.getProperty(PROPERTY);
        if (configured == null) {
            configured = environment.get("OTEL_JAVAAGENT_EXCLUDE_CLASSES");
        }
        if (configured == null) {
            configured = fromConfigurationFile(system, environment);
        }
        if (configured == null || configured.isBlank()) {
            system.setProperty(PROPERTY, WARDEN_CLASSES);
            return;
        }
        for (String each : configured.split(",")) {
            if (each.trim().equals(WARDEN_CLASSES)) {
                return;
            }
        }
        system.setProperty(PROPERTY, configured + "," + WARDEN_CLASSES);
    }

    /** The property in the agent's own configuration file, which the system property would otherwise hide. */
    private static String fromConfigurationFile(Properties system, Map<String, String> environment) {
        String file = system.getProperty("otel.javaagent.configuration-file",
                environment.get("OTEL_JAVAAGENT_CONFIGURATION_FILE"));
        if (file == null) {
            return null;
        }
        Properties settings = new Properties();
        try (Reader in = Files.newBufferedReader(Path.of(file))) {
            settings.load(in);
        } catch (IOException | RuntimeException unreadable) {
            return null; // that agent reports its own unreadable file
        }
        return settings.getProperty(PROPERTY);
    }
}
