package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Launches the hello-world JVM once and measures its wall time and peak RSS.
 *
 * <p>Peak RSS comes from GNU {@code /usr/bin/time -f %M}: it is the child's {@code ru_maxrss} as the kernel
 * reports it to {@code wait4()} after exit, i.e. the same high-water mark as {@code VmHWM}, including anything
 * an agent does in shutdown hooks (a sample of {@code /proc/<pid>/status} taken from inside the child would
 * miss that). The wrapper's own fork/exec adds about a millisecond to every variant alike.
 */
final class HelloWorldLauncher {

    private static final Path GNU_TIME = Path.of("/usr/bin/time");

    private final ChildLauncher launcher;

    HelloWorldLauncher(ChildLauncher launcher) {
        if (!Files.isExecutable(GNU_TIME)) {
            throw new IllegalStateException(GNU_TIME + " (GNU time) is needed to measure peak RSS; install the 'time' package");
        }
        this.launcher = launcher;
    }

    LaunchResult launch(Variant variant, int round) throws IOException, InterruptedException {
        String runName = variant.name() + "-" + round;
        Path rssFile = launcher.workDir().resolve(runName + ".maxrss");
        List<String> timeWrapper = List.of(GNU_TIME.toString(), "-f", "%M", "-o", rssFile.toString());
        ChildOutput output = launcher.launch(runName, timeWrapper, variant, HelloWorld.class, List.of());
        return new LaunchResult(output.wallMillis(), readPeakRssKib(rssFile), output.exitCode(), output.stdout(),
                output.stderr());
    }

    /** GNU time writes "Command exited with non-zero status N" first when the child fails; %M is the last line. */
    private static long readPeakRssKib(Path rssFile) throws IOException {
        List<String> lines = Files.readAllLines(rssFile);
        return lines.isEmpty() ? -1 : Long.parseLong(lines.get(lines.size() - 1).trim());
    }
}
