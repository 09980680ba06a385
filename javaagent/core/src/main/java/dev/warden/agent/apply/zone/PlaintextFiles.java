package dev.warden.agent.apply.zone;

import java.io.IOException;

/**
 * What a {@link ZoneDecryptingStream} does with a file that does not start with Warden's zone header:
 * plaintext that was there before the zone existed. It refuses the read (by default), or lets it read
 * the bytes as they are (a zone's {@code legacy_plaintext: read}, which records each such read).
 */
@FunctionalInterface
public interface PlaintextFiles {

    /**
     * Called once per stream, before any byte of {@code file} reaches the reader.
     *
     * @throws IOException to refuse the read; returning lets the reader have the plaintext
     */
    void found(String file) throws IOException;

    /** Refuses every plaintext file (the {@code zone} command's decrypt, and tests). */
    static PlaintextFiles refuse() {
        return file -> {
            throw new IOException("warden: " + file + " is not a Warden-encrypted file");
        };
    }
}
