package dev.warden.agent.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which classes another agent defines for itself: only a loader whose class an agent put on the boot class
 * path (the OpenTelemetry agent's {@code AgentClassLoader}, shown by {@code OtelAgentIT}) with code from a
 * {@code -javaagent} jar. The app can make neither, whatever it names or loads.
 */
class OtherAgentsTest {

    @TempDir
    Path directory;

    /** A loader the app defines itself, whatever it calls it. */
    static final class AgentClassLoader extends ClassLoader {
    }

    @Test
    void aLoaderOfTheAppsOwnOrOfTheJdksNeverDefinesForAnAgentEvenWithCodeFromTheAgentsJar() throws Exception {
        Path agentJar = Files.writeString(directory.resolve("opentelemetry-javaagent.jar"), "a jar");
        OtherAgents agents = new OtherAgents(List.of(agentJar.toString()));
        ProtectionDomain fromTheAgentsJar = new ProtectionDomain(
                new CodeSource(agentJar.toUri().toURL(), (Certificate[]) null), null);

        assertThat(agents.definesForItself(new AgentClassLoader(), fromTheAgentsJar)).as("the app's loader class").isFalse();
        try (URLClassLoader jdks = new URLClassLoader(new URL[] {agentJar.toUri().toURL()})) {
            assertThat(agents.definesForItself(jdks, fromTheAgentsJar)).as("the JDK's loader class").isFalse();
        }
        assertThat(agents.definesForItself(ClassLoader.getSystemClassLoader(), fromTheAgentsJar)).isFalse();
        assertThat(agents.definesForItself(null, fromTheAgentsJar)).as("the boot loader").isFalse();
        assertThat(OtherAgents.none().definesForItself(new AgentClassLoader(), fromTheAgentsJar)).isFalse();
    }
}
