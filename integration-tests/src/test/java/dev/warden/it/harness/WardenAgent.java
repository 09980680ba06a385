package dev.warden.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the built agent jar is: system property {@code warden.agent.jar} (set by surefire from the root pom). */
public final class WardenAgent {
    private WardenAgent() {}

    public static Path jar() {
        String p = System.getProperty("warden.agent.jar");
        if (p == null || p.isBlank()) {
            throw new AssertionError("system property warden.agent.jar is not set (run through Maven surefire)");
        }
        Path jar = Path.of(p);
        if (!Files.isRegularFile(jar)) {
            throw new AssertionError("the agent jar is not built: " + jar
                    + " (cd /work/main && mvn -q -pl integration-tests -am install -DskipTests)");
        }
        return jar;
    }
}
