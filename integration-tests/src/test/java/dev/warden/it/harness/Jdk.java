package dev.warden.it.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The JDKs every integration test runs on. JDK 17 is the JVM running Maven ({@code java.home}, or
 * {@code -Djdk17.home=...}); JDK 25 comes from the system property {@code jdk25.home} (root pom property).
 * A missing JDK is a test failure, not a skip: both are required.
 */
public enum Jdk {
    JDK17(17, "jdk17.home"),
    JDK25(25, "jdk25.home");

    private final int feature;
    private final String property;

    Jdk(int feature, String property) {
        this.feature = feature;
        this.property = property;
    }

    public int feature() {
        return feature;
    }

    /** True when virtual threads exist (JDK 21+). */
    public boolean hasVirtualThreads() {
        return feature >= 21;
    }

    public Path home() {
        String configured = System.getProperty(property);
        if ((configured == null || configured.isBlank()) && this == JDK17) {
            configured = System.getProperty("java.home");
            if (Runtime.version().feature() != 17) {
                throw new AssertionError("JDK 17 is required: Maven runs on " + Runtime.version()
                        + "; set -Djdk17.home=/path/to/jdk17");
            }
        }
        if (configured == null || configured.isBlank()) {
            throw new AssertionError("JDK " + feature + " is required: system property " + property + " is not set");
        }
        Path home = Path.of(configured);
        if (!Files.isExecutable(home.resolve("bin/java"))) {
            throw new AssertionError("JDK " + feature + " is required: no bin/java under " + property + "=" + home);
        }
        return home;
    }

    public Path javaExecutable() {
        return home().resolve("bin/java");
    }

    @Override
    public String toString() {
        return "jdk" + feature;
    }
}
