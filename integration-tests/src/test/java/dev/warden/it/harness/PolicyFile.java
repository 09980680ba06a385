package dev.warden.it.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a policy (format 1 YAML) into a test's temp directory. */
public final class PolicyFile {
    private PolicyFile() {}

    public static Path write(Path dir, String yaml) {
        return write(dir, "policy.yaml", yaml);
    }

    public static Path write(Path dir, String fileName, String yaml) {
        try {
            Path file = dir.resolve(fileName);
            Files.writeString(file, yaml, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A policy with the given name and mode, and egress rules given as YAML list items (without the "- "). */
    public static String egress(String name, String mode, String... rules) {
        StringBuilder sb = new StringBuilder();
        sb.append("policy: ").append(name).append('\n');
        sb.append("mode: ").append(mode).append('\n');
        if (rules.length == 0) {
            sb.append("egress: []\n");
        } else {
            sb.append("egress:\n");
            for (String r : rules) {
                String[] lines = r.split("\n");
                sb.append("  - ").append(lines[0]).append('\n');
                for (int i = 1; i < lines.length; i++) {
                    sb.append("    ").append(lines[i]).append('\n');
                }
            }
        }
        return sb.toString();
    }
}
