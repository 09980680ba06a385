package dev.warden.agent.record.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Where the chain lives on disk: the current file {@code LOG} and its rotated predecessors
 * {@code LOG.1}, {@code LOG.2}, ... (oldest first). The chain runs through them in that order.
 */
final class AuditFiles {

    private AuditFiles() {
    }

    /** Rotated files oldest first, then the current file if it exists. */
    static List<Path> chain(Path log) throws IOException {
        List<Path> files = new ArrayList<>(rotated(log).values());
        if (Files.exists(log)) {
            files.add(log);
        }
        return files;
    }

    /** The name the current file gets when it is rotated away. */
    static Path nextRotated(Path log) throws IOException {
        TreeMap<Integer, Path> rotated = rotated(log);
        int next = rotated.isEmpty() ? 1 : rotated.lastKey() + 1;
        return log.resolveSibling(log.getFileName() + "." + next);
    }

    private static TreeMap<Integer, Path> rotated(Path log) throws IOException {
        TreeMap<Integer, Path> rotated = new TreeMap<>();
        Path dir = log.toAbsolutePath().getParent();
        if (!Files.isDirectory(dir)) {
            return rotated;
        }
        Pattern name = Pattern.compile(Pattern.quote(log.getFileName().toString()) + "\\.(\\d{1,9})");
        try (Stream<Path> siblings = Files.list(dir)) {
            siblings.forEach(sibling -> {
                Matcher m = name.matcher(sibling.getFileName().toString());
                if (m.matches()) {
                    rotated.put(Integer.parseInt(m.group(1)), sibling);
                }
            });
        }
        return rotated;
    }
}
