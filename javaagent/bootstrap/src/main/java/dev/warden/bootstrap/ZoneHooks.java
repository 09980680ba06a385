package dev.warden.bootstrap;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Encryption zones: files under a {@code files} rule with {@code encrypt: true} are written and read
 * through Warden's encrypting and decrypting streams. Implemented by the agent core, reached only
 * through {@link ZoneBridge}. Each method answers null for a file outside every zone.
 */
public interface ZoneHooks {

    /**
     * A {@code FileOutputStream} has just opened {@code path}: the encrypting stream its writes go to.
     *
     * @throws IOException when the stream must not be used (an append to an encrypted file); the
     *     hook has closed it, nothing was written
     */
    OutputStream openedOutput(FileOutputStream stream, String path, boolean append) throws IOException;

    /** A {@code FileInputStream} has just opened {@code path}: the decrypting stream its reads come from. */
    InputStream openedInput(FileInputStream stream, String path) throws IOException;

    /** {@code Files.newOutputStream}: an encrypting stream, decided and opened by Warden. */
    OutputStream newOutputStream(Path path, OpenOption[] options) throws IOException;

    /** {@code Files.newInputStream}: a decrypting stream, decided and opened by Warden. */
    InputStream newInputStream(Path path, OpenOption[] options) throws IOException;

    /** {@code Files.readAllBytes} (and {@code readString}): the decrypted content. */
    byte[] readAllBytes(Path path) throws IOException;
}
