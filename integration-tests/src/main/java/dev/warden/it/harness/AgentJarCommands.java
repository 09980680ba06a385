package dev.warden.it.harness;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** {@code java -jar warden-agent.jar ARGS}, as an operator runs it; a non-zero exit is an error with the output. */
public final class AgentJarCommands {

    private final Path java;
    private final Path agentJar;

    public AgentJarCommands(Path java, Path agentJar) {
        this.java = java;
        this.agentJar = agentJar;
    }

    /** What a command printed (standard output and error together) and its exit status. */
    public record Outcome(int exitCode, String output) {
    }

    /** Runs the command and returns what it printed; a non-zero exit is an error. */
    public String run(String... args) {
        Outcome outcome = exec(args);
        if (outcome.exitCode() != 0) {
            throw new IllegalStateException("warden-agent.jar " + String.join(" ", args) + " failed:\n" + outcome.output());
        }
        return outcome.output();
    }

    /** Runs the command, whatever its exit status. */
    public Outcome exec(String... args) {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", agentJar.toString()));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("warden-agent.jar " + String.join(" ", args) + " did not finish:\n" + output);
            }
            return new Outcome(process.exitValue(), output);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + agentJar, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code keygen --out DIR/NAME}: returns the private key file; the public one is beside it as NAME.pub. */
    public Path keygen(Path dir, String name) {
        run("keygen", "--out", dir.resolve(name).toString());
        return dir.resolve(name + ".key");
    }
}
