package dev.warden.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a main class of this module in a child JVM, one {@link Variant} at a time, and keeps its stdout and
 * stderr in the work directory (as {@code <run name>.stdout} / {@code .stderr}) for inspection.
 *
 * <p>The children see the harness's environment minus anything that would attach or configure an agent
 * behind our back ({@code JAVA_TOOL_OPTIONS}, {@code OTEL_*}, {@code WARDEN_*}, ...), plus the given additions.
 */
final class ChildLauncher {

    private final Path javaExecutable;
    private final Map<String, String> environment;
    private final Path workDir;

    ChildLauncher(Path javaExecutable, Map<String, String> environmentAdditions, Path workDir) {
        this.javaExecutable = javaExecutable;
        this.environment = cleanEnvironment(environmentAdditions);
        this.workDir = workDir;
    }

    /**
     * Runs {@code [wrapper...] java [variant options] -cp <bench classes> mainClass [args]}; wall time runs from
     * just before the process is spawned to its exit.
     */
    ChildOutput launch(String runName, List<String> wrapper, Variant variant, Class<?> mainClass, List<String> args)
            throws IOException, InterruptedException {
        Path stdoutFile = workDir.resolve(runName + ".stdout");
        Path stderrFile = workDir.resolve(runName + ".stderr");

        List<String> command = new ArrayList<>(wrapper);
        command.add(javaExecutable.toString());
        command.addAll(variant.jvmOptions());
        command.addAll(List.of("-cp", classpathOf(mainClass), mainClass.getName()));
        command.addAll(args);

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);

        long start = System.nanoTime();
        int exitCode = builder.start().waitFor();
        double wallMillis = (System.nanoTime() - start) / 1_000_000.0;

        return new ChildOutput(exitCode, wallMillis, Files.readString(stdoutFile, StandardCharsets.UTF_8),
                Files.readString(stderrFile, StandardCharsets.UTF_8));
    }

    Path workDir() {
        return workDir;
    }

    private static Map<String, String> cleanEnvironment(Map<String, String> additions) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.keySet().removeIf(name -> name.equals("JAVA_TOOL_OPTIONS") || name.equals("JDK_JAVA_OPTIONS")
                || name.equals("_JAVA_OPTIONS") || name.startsWith("OTEL_") || name.startsWith("WARDEN_"));
        environment.putAll(additions);
        return environment;
    }

    /** Wherever the main class was loaded from (bench/target/classes, normally) holds the rest of the bench too. */
    private static String classpathOf(Class<?> mainClass) {
        try {
            return Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the classes of " + mainClass.getName(), e);
        }
    }
}
