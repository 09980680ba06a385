package dev.warden.steal;

import java.nio.file.Files;
import java.nio.file.Path;

/** App code in a package named like Warden's: not Warden's own code, so its reads are not passed over. */
public final class WardenNamedReader {

    private WardenNamedReader() {
    }

    public static int read(Path file) throws Exception {
        return Files.readAllBytes(file).length;
    }
}
