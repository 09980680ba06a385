package dev.warden.it.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Starts one process. Args: {@code builder|exec|pipeline ARGV...}: {@code ProcessBuilder.start},
 * {@code Runtime.exec(String[])} or {@code ProcessBuilder.startPipeline} (a one-element pipeline).
 * Prints {@code RESULT ok exit=N out=<stdout>}.
 */
public final class ProcessApp {
    public static void main(String[] args) {
        String how = args[0];
        String[] argv = Arrays.copyOfRange(args, 1, args.length);
        Report.run(() -> {
            Process process = switch (how) {
                case "builder" -> new ProcessBuilder(argv).start();
                case "exec" -> Runtime.getRuntime().exec(argv);
                case "pipeline" -> ProcessBuilder.startPipeline(List.of(new ProcessBuilder(argv))).get(0);
                default -> throw new IllegalArgumentException("how " + how);
            };
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int exit;
            try {
                exit = process.waitFor();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
            return new String[] {"exit", String.valueOf(exit), "out", out};
        });
    }
}
