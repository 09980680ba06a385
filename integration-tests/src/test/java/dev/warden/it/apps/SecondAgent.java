package dev.warden.it.apps;

import java.lang.instrument.Instrumentation;
import java.util.jar.JarFile;

/**
 * A second {@code -javaagent} that, like the OpenTelemetry agent, opens its own jar in {@code premain};
 * it then opens a jar that no {@code -javaagent} names. Args: {@code OWN_JAR|OTHER_JAR}. One
 * {@code RESULT} line each; a refusal is reported, not thrown, so the JVM goes on to {@code main}.
 */
public final class SecondAgent {

    private SecondAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        String[] jars = args.split("\\|");
        read("own-jar", jars[0]);
        read("other-jar", jars[1]);
    }

    private static void read(String step, String jar) {
        Report.run(new String[] {"step", step}, () -> {
            try (JarFile file = new JarFile(jar)) {
                return new String[] {"premain", file.getManifest().getMainAttributes().getValue("Premain-Class")};
            }
        });
    }
}
