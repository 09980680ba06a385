package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which jars the JVM's {@code -javaagent} arguments name, and which files its flight recorder options name. */
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

    @Test
    void theFlightRecorderFilesAreEveryFilenameAndSettingsOfAStartedRecordingAndTheLastRepository() {
        JvmArguments arguments = new JvmArguments(List.of(
                "-XX:StartFlightRecording=duration=30s,filename=/var/log/app/start.jfr,settings=profile",
                "-XX:StartFlightRecording:filename=recordings,dumponexit=true,settings=/opt/jfr/app.jfc",
                "-XX:StartFlightRecording",
                "-XX:FlightRecorderOptions=repository=/old,stackdepth=128",
                "-XX:FlightRecorderOptions:repository=/var/jfr",
                "-Dnote=-XX:StartFlightRecording=filename=/etc/passwd"));

        // a settings name may be the JDK's own (profile: java.home/lib/jfr/profile.jfc) or a file, with or without .jfc
        assertThat(arguments.flightRecorderFiles()).containsExactly("/var/log/app/start.jfr", "profile", "profile.jfc",
                "recordings", "/opt/jfr/app.jfc");
        assertThat(arguments.flightRecorderRepository()).isEqualTo("/var/jfr");
        assertThat(new JvmArguments(List.of("-Xmx1g")).flightRecorderRepository()).isNull();
    }
}
