package dev.warden.agent.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/** A bundle file the operator replaces in place: changed when its size or modification time did. */
final class WatchedFile implements BundleOrigin {

    private final Path file;
    private String lastSeen;

    WatchedFile(Path file) {
        this.file = file;
        this.lastSeen = fingerprint();
    }

    @Override
    public boolean refresh() {
        String now = fingerprint();
        if (now == null || Objects.equals(now, lastSeen)) {
            return false;
        }
        lastSeen = now;
        return true;
    }

    private String fingerprint() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return attributes.size() + "@" + attributes.lastModifiedTime().toMillis();
        } catch (IOException missing) {
            return null; // being replaced, or gone: the last good bundle stays
        }
    }
}
