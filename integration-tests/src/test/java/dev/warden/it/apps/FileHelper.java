package dev.warden.it.apps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The app's own helper class, outside any code segment, which the plugin of CodeScopeIT also calls. */
public final class FileHelper {

    private FileHelper() {
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }
}
