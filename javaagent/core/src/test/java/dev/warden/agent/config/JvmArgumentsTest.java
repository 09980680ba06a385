package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which jars the JVM's {@code -javaagent} arguments name. */
class JvmArgumentsTest {

    @Test
    void eachJavaagentArgumentNamesItsJarUpToTheFirstEqualsSignAndNothingElseDoes() {
        JvmArguments arguments = new JvmArguments(List.of("-Xss1m",
                "-javaagent:/opt/warden/warden-agent.jar=policy=/etc/warden/p.yaml,mode=learn",
                "-javaagent:opentelemetry-javaagent.jar",
                "-agentlib:jdwp=transport=dt_socket",
                "-Dwarden.note=-javaagent:/not/an/agent.jar"));
        assertThat(arguments.agentJars()).containsExactly("/opt/warden/warden-agent.jar", "opentelemetry-javaagent.jar");
    }
}
