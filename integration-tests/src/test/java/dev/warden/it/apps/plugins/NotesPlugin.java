package dev.warden.it.apps.plugins;

import dev.warden.it.apps.FileHelper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import org.springframework.util.FileCopyUtils;

/**
 * A "third-party plugin" the app loads: the code segment of CodeScopeIT holds its package to no
 * files. Each method reaches the file another way; in none is the plugin's frame the nearest to the read.
 */
public final class NotesPlugin {

    private NotesPlugin() {
    }

    public static String read(Path file) throws IOException {
        return Files.readString(file);
    }

    /** Through a library (Spring's FileCopyUtils): the library's frame is the nearest. */
    public static String readWithLibrary(Path file) throws IOException {
        return new String(FileCopyUtils.copyToByteArray(file.toFile()), StandardCharsets.UTF_8);
    }

    /** Through the app's own helper class. */
    public static String readWithAppHelper(Path file) throws IOException {
        return FileHelper.read(file);
    }

    /** The plugin calls back the app's code. */
    public static String readThrough(Callable<String> appCode) throws Exception {
        return appCode.call();
    }

    /** The plugin hands the app's code to a pool whose worker started before the plugin ran. */
    public static String readOn(ExecutorService pool, Callable<String> appCode) throws Exception {
        return pool.submit(appCode).get();
    }

    /** Reads in its constructor. */
    public static final class Snapshot {
        private final String content;

        public Snapshot(Path file) throws IOException {
            this.content = FileHelper.read(file);
        }

        public String content() {
            return content;
        }
    }

    /** Reads in its static initializer the file {@link #defaultsFrom} names; the failure, if any, is kept. */
    public static final class Defaults {
        private static final String CONTENT;
        private static final IOException FAILURE;

        static {
            String content = null;
            IOException failure = null;
            try {
                content = FileHelper.read(defaultsFile);
            } catch (IOException e) {
                failure = e;
            }
            CONTENT = content;
            FAILURE = failure;
        }

        private Defaults() {
        }

        public static String content() throws IOException {
            if (FAILURE != null) {
                throw FAILURE;
            }
            return CONTENT;
        }
    }

    private static Path defaultsFile;

    /** Where {@link Defaults} reads from, set before it is first used. */
    public static void defaultsFrom(Path file) {
        defaultsFile = file;
    }
}
