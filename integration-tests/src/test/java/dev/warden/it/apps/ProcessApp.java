package dev.warden.it.apps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Starts one process. Args: {@code builder|exec|pipeline ARGV...}: {@code ProcessBuilder.start},
 * {@code Runtime.exec(String[])} or {@code ProcessBuilder.startPipeline} (a one-element pipeline);
 * {@code builder-env NAME=VALUE ARGV...} and {@code exec-env NAME=VALUE ARGV...} with that variable
 * added to the JVM's environment; {@code builder-dir DIR ARGV...} in that directory.
 * Prints {@code RESULT ok exit=N out=<stdout>}.
 */
public final class ProcessApp {
    public static void main(String[] args) {
        String how = args[0];
        boolean setting = how.endsWith("-env") || how.endsWith("-dir");
        String[] argv = Arrays.copyOfRange(args, setting ? 2 : 1, args.length);
        Report.run(() -> {
            Process process = switch (how) {
                case "builder" -> new ProcessBuilder(argv).start();
                case "exec" -> Runtime.getRuntime().exec(argv);
                case "builder-env" -> {
                    ProcessBuilder builder = new ProcessBuilder(argv);
                    String[] variable = args[1].split("=", 2);
                    builder.environment().put(variable[0], variable[1]);
                    yield builder.start();
                }
                case "exec-env" -> {
                    List<String> envp = new java.util.ArrayList<>();
                    System.getenv().forEach((name, value) -> envp.add(name + "=" + value));
                    envp.add(args[1]);
                    yield Runtime.getRuntime().exec(argv, envp.toArray(new String[0]));
                }
                case "builder-dir" -> new ProcessBuilder(argv).directory(new java.io.File(args[1])).start();
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
