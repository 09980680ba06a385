package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The run's own copy of an agent jar, so that a rebuild of the agent during the run cannot mix two builds into
 * one table. The copy is large: delete it at the end; the logs beside it stay.
 */
final class AgentJarCopy {

    private static final int ATTEMPTS = 30;
    private static final long PAUSE_MILLIS = 2_000;

    private AgentJarCopy() {
    }

    /** Copies the jar, waiting out a rebuild in progress: a copy without a {@code Premain-Class} is half-written. */
    static Path into(Path workDir, Path agentJar) throws IOException, InterruptedException {
        Path copy = workDir.resolve(agentJar.getFileName());
        for (int attempt = 1; ; attempt++) {
            Files.copy(agentJar, copy, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            if (isAgentJar(copy)) {
                return copy;
            }
            if (attempt == ATTEMPTS) {
                throw new IllegalStateException(agentJar + " is not an agent jar (no Premain-Class), even after waiting "
                        + ATTEMPTS * PAUSE_MILLIS / 1000 + " s for a rebuild to finish");
            }
            System.err.println(agentJar + " looks half-written (a rebuild in progress?); trying again shortly");
            Thread.sleep(PAUSE_MILLIS);
        }
    }

    private static boolean isAgentJar(Path jar) {
        try (JarFile jarFile = new JarFile(jar.toFile())) {
            Manifest manifest = jarFile.getManifest();
            return manifest != null && manifest.getMainAttributes().getValue("Premain-Class") != null;
        } catch (IOException e) {
            return false;
        }
    }
}
