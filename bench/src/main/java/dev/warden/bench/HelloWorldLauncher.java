package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Launches the hello-world JVM once and measures its wall time, CPU time and peak RSS; or counts the
 * classes it loads.
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
        Path usageFile = launcher.workDir().resolve(runName + ".usage");
        List<String> timeWrapper = List.of(GNU_TIME.toString(), "-f", "%U %S %M", "-o", usageFile.toString());
        ChildOutput output = launcher.launch(runName, timeWrapper, variant, HelloWorld.class, List.of());
        String[] usage = lastLine(usageFile).split(" ");
        double cpuMillis = (Double.parseDouble(usage[0]) + Double.parseDouble(usage[1])) * 1000;
        return new LaunchResult(output.wallMillis(), cpuMillis, Long.parseLong(usage[2]), output.exitCode(),
                output.stdout(), output.stderr());
    }

    /** The classes one launch loads, from its {@code -Xlog:class+load} (a launch of its own: logging costs time). */
    long loadedClasses(Variant variant) throws IOException, InterruptedException {
        String runName = variant.name() + "-classes";
        Path log = launcher.workDir().resolve(runName + ".log");
        List<String> options = new ArrayList<>(variant.jvmOptions());
        options.add("-Xlog:class+load=info:file=" + log);
        ChildOutput output = launcher.launch(runName, List.of(), new Variant(variant.name(), options), HelloWorld.class,
                List.of());
        if (output.exitCode() != 0) {
            throw new IOException(variant.name() + " failed counting classes: " + output.stderr());
        }
        try (var lines = Files.lines(log)) {
            return lines.count();
        }
    }

    /** GNU time writes "Command exited with non-zero status N" first when the child fails; the format's line is the last. */
    private static String lastLine(Path usageFile) throws IOException {
        List<String> lines = Files.readAllLines(usageFile);
        return lines.isEmpty() ? "-1 -1 -1" : lines.get(lines.size() - 1).trim();
    }
}
