package dev.warden.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A policy shipped as production ships it: a signing key made, the policy built into a bundle and
 * signed, all with the agent jar's own commands; the agent then verifies it at every start.
 */
final class SignedBundle {

    private SignedBundle() {
    }

    /** The agent arguments {@code bundle=...,trust=...} for {@code policy}, made in {@code workDir}. */
    static String agentArguments(Path java, Path agentJar, Path workDir, String name, String policy)
            throws IOException, InterruptedException {
        Path source = Files.createDirectories(workDir.resolve("bundle-source"));
        Files.writeString(source.resolve("policy.yaml"), policy);
        Path trust = Files.createDirectories(workDir.resolve("trust"));
        Path bundle = workDir.resolve(name + ".wbundle");
        run(java, agentJar, workDir, "keygen", "--out", workDir.resolve("ops").toString());
        Files.copy(workDir.resolve("ops.pub"), trust.resolve("ops.pub"));
        run(java, agentJar, workDir, "bundle", "build", source.toString(), "--name", name, "--revision", "1",
                "--out", bundle.toString());
        run(java, agentJar, workDir, "bundle", "sign", bundle.toString(), "--key", workDir.resolve("ops.key").toString());
        return "bundle=" + bundle + ",trust=" + trust;
    }

    private static void run(Path java, Path agentJar, Path workDir, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", agentJar.toString()));
        command.addAll(List.of(arguments));
        Path log = workDir.resolve("bundle-commands.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed; its output is in " + log);
        }
    }
}
