package dev.warden.agent.apply.zone;

import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Migrating a directory into an encryption zone ({@code zone encrypt DIR}): its regular files (symbolic
 * links are not followed) split into plaintext and those already in {@link ZoneFormat}, and each
 * plaintext one encrypted in place, atomically.
 */
public final class ZoneDirectory {

    private ZoneDirectory() {
    }

    /** The regular files under a directory, in path order: those to encrypt, and those already encrypted. */
    public record Contents(List<Path> plaintext, List<Path> encrypted) {
    }

    public static Contents scan(Path dir) throws IOException {
        List<Path> plaintext = new ArrayList<>();
        List<Path> encrypted = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(path -> Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                (ZoneFormat.isZoneFile(file) ? encrypted : plaintext).add(file);
            }
        }
        return new Contents(List.copyOf(plaintext), List.copyOf(encrypted));
    }

    /**
     * Encrypts {@code file} under the current key where it lies: the ciphertext goes to a temporary file
     * beside it (with the file's permissions), which then replaces it in one atomic move. On any failure
     * the original is left as it was and the temporary file is removed.
     */
    public static void encryptInPlace(Path file, DataKeys keys) throws IOException {
        try (InputStream plain = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            ZoneFiles.writeAtomically(file, out -> ZoneFiles.encrypt(plain, out, keys));
        }
    }
}
