package dev.warden.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code java -jar warden-agent.jar ARGS} as an operator would, and fails loudly on a non-zero exit. */
public final class WardenCliRunner {
    private WardenCliRunner() {}

    public static String run(String... args) {
        List<String> command = new ArrayList<>(List.of(Jdk.JDK17.javaExecutable().toString(), "-jar", WardenAgent.jar().toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("warden-agent.jar " + String.join(" ", args) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new AssertionError("cannot run warden-agent.jar", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code keygen --out DIR/NAME}: the private key file; the public one is beside it as NAME.pub. */
    public static Path keygen(Path dir, String name) {
        run("keygen", "--out", dir.resolve(name).toString());
        return dir.resolve(name + ".key");
    }
}
