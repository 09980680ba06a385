package dev.warden.agent.apply.zone;

import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

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
}
