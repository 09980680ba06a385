package dev.warden.it.apps;

import java.nio.file.Files;
import java.nio.file.Path;
import jdk.jfr.Recording;

/**
 * Runs with a flight recording the operator started on the command line, then dumps a recording
 * of its own through the {@code jdk.jfr} API to the path in {@code args[0]}.
 * Args: {@code DUMP_PATH}.
 */
public final class FlightRecorderApp {

    public static void main(String[] args) {
        Report.ok("step", "main");
        Report.run(new String[] {"step", "app-dump"}, () -> {
            Path dump = Path.of(args[0]);
            try (Recording recording = new Recording()) {
                recording.start();
                recording.dump(dump);
            }
            return new String[] {"bytes", String.valueOf(Files.size(dump))};
        });
    }
}
