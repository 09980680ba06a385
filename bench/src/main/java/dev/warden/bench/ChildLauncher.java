package dev.warden.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Launches the hello-world JVM once and measures it.
 *
 * <p>Wall-clock time runs from just before the process is spawned to its exit. Peak RSS comes from
 * GNU {@code /usr/bin/time -f %M}: it is the child's {@code ru_maxrss} as the kernel reports it to
 * {@code wait4()} after exit, i.e. the same high-water mark as {@code VmHWM}, including anything an
 * agent does in shutdown hooks (a sample of {@code /proc/<pid>/status} taken from inside the child
 * would miss that). The wrapper's own fork/exec adds about a millisecond to every variant alike.
 */
final class ChildLauncher {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private final Path javaExecutable;
    private final String classpath;
    private final Map<String, String> environment;
    private final Path workDir;

    ChildLauncher(Path javaExecutable, String classpath, Map<String, String> environment, Path workDir) {
        if (!Files.isExecutable(GNU_TIME)) {
            throw new IllegalStateException(GNU_TIME + " (GNU time) is needed to measure peak RSS; install the 'time' package");
        }
        this.javaExecutable = javaExecutable;
        this.classpath = classpath;
        this.environment = environment;
        this.workDir = workDir;
    }

    LaunchResult launch(Variant variant, int round) throws IOException, InterruptedException {
        String prefix = variant.name() + "-" + round;
        Path rssFile = workDir.resolve(prefix + ".maxrss");
        Path stdoutFile = workDir.resolve(prefix + ".stdout");
        Path stderrFile = workDir.resolve(prefix + ".stderr");

        List<String> command = new ArrayList<>(List.of(GNU_TIME.toString(), "-f", "%M", "-o", rssFile.toString(),
                javaExecutable.toString()));
        command.addAll(variant.jvmOptions());
        command.addAll(List.of("-cp", classpath, HelloWorld.class.getName()));

        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                .redirectOutput(stdoutFile.toFile())
                .redirectError(stderrFile.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);

        long start = System.nanoTime();
        int exitCode = builder.start().waitFor();
        double wallMillis = (System.nanoTime() - start) / 1_000_000.0;

        return new LaunchResult(wallMillis, readPeakRssKib(rssFile), exitCode,
                Files.readString(stdoutFile, StandardCharsets.UTF_8),
                Files.readString(stderrFile, StandardCharsets.UTF_8));
    }

    /** GNU time writes "Command exited with non-zero status N" first when the child fails; %M is the last line. */
    private static long readPeakRssKib(Path rssFile) throws IOException {
        List<String> lines = Files.readAllLines(rssFile);
        return lines.isEmpty() ? -1 : Long.parseLong(lines.get(lines.size() - 1).trim());
    }
}
