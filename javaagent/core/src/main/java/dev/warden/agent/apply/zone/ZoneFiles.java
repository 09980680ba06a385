package dev.warden.agent.apply.zone;

import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;

/** Whole-stream encryption and decryption for the {@code zone} command and for tests. */
public final class ZoneFiles {

    private ZoneFiles() {
    }

    /** Encrypts all of {@code plain} under the current key onto {@code out} (which stays open). */
    public static void encrypt(InputStream plain, OutputStream out, DataKeys keys) throws IOException {
        ZoneEncryptingStream encrypting = new ZoneEncryptingStream(out, keys.current());
        plain.transferTo(encrypting);
        encrypting.finish();
    }

    /** Decrypts all of {@code sealed} onto {@code out}; nothing unauthenticated is written to it. */
    public static void decrypt(InputStream sealed, OutputStream out, DataKeys keys, String name) throws IOException {
        new ZoneDecryptingStream(sealed, keys, name, PlaintextFiles.refuse()).transferTo(out);
    }

    /** What writes a file's whole content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Replaces {@code target} only once {@code content} is complete: written to a temporary file beside
     * it (given the permissions of the file it replaces), then moved over it atomically. On failure
     * {@code target} is as it was and the temporary file is gone.
     */
    public static void writeAtomically(Path target, Content content) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path partial = Files.createTempFile(absolute.getParent(), absolute.getFileName() + ".", ".partial");
        try {
            try (OutputStream out = Files.newOutputStream(partial)) {
                content.writeTo(out);
            }
            if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)
                    && Files.getFileStore(partial).supportsFileAttributeView(PosixFileAttributeView.class)) {
                Files.setPosixFilePermissions(partial, Files.getPosixFilePermissions(absolute, LinkOption.NOFOLLOW_LINKS));
            }
            Files.move(partial, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }
}
