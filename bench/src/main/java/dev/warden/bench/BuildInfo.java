package dev.warden.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.Properties;
import java.util.jar.JarFile;

/** Says which JDK and which agent builds a run measured, for the report's header. */
final class BuildInfo {

    private BuildInfo() {
    }

    static String jdkVersion(Path jdkHome) throws IOException {
        Path release = jdkHome.resolve("release");
        if (!Files.isRegularFile(release)) {
            return "version unknown";
        }
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(release)) {
            properties.load(in);
        }
        return properties.getProperty("IMPLEMENTOR", "?").replace("\"", "") + " "
                + properties.getProperty("JAVA_VERSION", "?").replace("\"", "");
    }

    static String jarVersion(Path jar) throws IOException {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            String version = jarFile.getManifest().getMainAttributes().getValue("Implementation-Version");
            return version == null ? "unknown" : version;
        }
    }

    /** Agents under development get rebuilt often: say which build was measured. */
    static String describeBuild(Path jar) throws IOException {
        return String.format("%.1f MiB, modified %s", Files.size(jar) / (1024.0 * 1024.0),
                Files.getLastModifiedTime(jar).toInstant().truncatedTo(ChronoUnit.SECONDS));
    }
}
