package dev.warden.it.apps.plugins;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A "third-party plugin" the app loads: the code segment of CodeScopeIT holds its package to no files. */
public final class NotesPlugin {

    private NotesPlugin() {
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    /** The plugin hands the read to a callback of the app: the app's own frame is then the nearest. */
    public static String readThrough(java.util.concurrent.Callable<String> appCode) throws Exception {
        return appCode.call();
    }
}
