package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warden's classes join the OpenTelemetry agent's exclusions, and the user's own stay, wherever they were set. */
class OpenTelemetryAgentExclusionTest {

    @Test
    void withNothingConfiguredOnlyWardensClassesAreExcluded() {
        Properties system = new Properties();
        OpenTelemetryAgentExclusion.apply(system, Map.of());
        assertThat(system.getProperty("otel.javaagent.exclude-classes")).isEqualTo("dev.warden.*");
    }

    @Test
    void theUsersSystemPropertyIsKept() {
        Properties system = new Properties();
        system.setProperty("otel.javaagent.exclude-classes", "com.example.Generated*");
        OpenTelemetryAgentExclusion.apply(system, Map.of("OTEL_JAVAAGENT_EXCLUDE_CLASSES", "ignored.*"));
        assertThat(system.getProperty("otel.javaagent.exclude-classes")).isEqualTo("com.example.Generated*,dev.warden.*");
    }

    @Test
    void theUsersEnvironmentVariableIsKeptUnderTheSystemPropertyThatNowHidesIt() {
        Properties system = new Properties();
        OpenTelemetryAgentExclusion.apply(system, Map.of("OTEL_JAVAAGENT_EXCLUDE_CLASSES", "com.example.*"));
        assertThat(system.getProperty("otel.javaagent.exclude-classes")).isEqualTo("com.example.*,dev.warden.*");
    }

    @Test
    void theUsersConfigurationFileIsKept(@TempDir Path directory) throws Exception {
        Path file = Files.writeString(directory.resolve("otel.properties"),
                "otel.service.name=shop\notel.javaagent.exclude-classes=com.example.Proxy*\n");
        Properties system = new Properties();
        OpenTelemetryAgentExclusion.apply(system, Map.of("OTEL_JAVAAGENT_CONFIGURATION_FILE", file.toString()));
        assertThat(system.getProperty("otel.javaagent.exclude-classes")).isEqualTo("com.example.Proxy*,dev.warden.*");
    }

    @Test
    void appliedTwiceItIsAddedOnce() {
        Properties system = new Properties();
        OpenTelemetryAgentExclusion.apply(system, Map.of());
        OpenTelemetryAgentExclusion.apply(system, Map.of());
        assertThat(system.getProperty("otel.javaagent.exclude-classes")).isEqualTo("dev.warden.*");
    }
}
