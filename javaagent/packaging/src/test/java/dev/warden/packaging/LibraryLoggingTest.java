package dev.warden.packaging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LibraryLoggingTest {

    private static final String LIBRARY_PREFIX = "dev/warden/packaging/LibraryLoggingTest$Library";

    @TempDir
    Path staging;

    @Test
    void aLibraryClassLogsThroughTheReplacementAndNamesJavaUtilLoggingNoMore() throws Exception {
        stage(LibraryWithLogger.class, Replacement.class);

        LibraryLogging.main(new String[] {staging.toString(), internal(Replacement.class), LIBRARY_PREFIX});

        byte[] rewritten = Files.readAllBytes(staged(LibraryWithLogger.class));
        assertThat(UnreachableClasses.references(rewritten)).doesNotContain(LibraryLogging.JUL_LOGGER)
                .contains(internal(Replacement.class));
        Replacement.calls.clear();
        @SuppressWarnings("unchecked")
        Supplier<String> library = (Supplier<String>) new StagedLoader(staging, LibraryWithLogger.class.getName())
                .loadClass(LibraryWithLogger.class.getName()).getDeclaredConstructor().newInstance();
        assertThat(library.get()).isEqualTo("logged");
        assertThat(Replacement.calls).containsExactly("getLogger library", "isLoggable INFO", "info hello");
    }

    @Test
    void aMethodTheReplacementLacksFailsThePackagingAndNamesIt() throws Exception {
        stage(LibraryWithLogger.class, ReplacementWithoutInfo.class);
        byte[] before = Files.readAllBytes(staged(LibraryWithLogger.class));

        assertThatThrownBy(() -> LibraryLogging.main(new String[] {staging.toString(), internal(ReplacementWithoutInfo.class), LIBRARY_PREFIX}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("uses [info (Ljava/lang/String;)V] of java.util.logging.Logger")
                .hasMessageContaining("does not offer");
        assertThat(Files.readAllBytes(staged(LibraryWithLogger.class))).as("nothing rewritten").isEqualTo(before);
    }

    /** A library class as Bouncy Castle's registrar is: a static logger, asked before it logs. */
    public static final class LibraryWithLogger implements Supplier<String> {
        private static final Logger LOG = Logger.getLogger("library");

        @Override
        public String get() {
            if (LOG.isLoggable(Level.INFO)) {
                LOG.info("hello");
            }
            return "logged";
        }
    }

    public static final class Replacement {
        static final List<String> calls = new ArrayList<>();

        public static Replacement getLogger(String name) {
            calls.add("getLogger " + name);
            return new Replacement();
        }

        public boolean isLoggable(Level level) {
            calls.add("isLoggable " + level);
            return true;
        }

        public void info(String message) {
            calls.add("info " + message);
        }
    }

    public static final class ReplacementWithoutInfo {
        public static ReplacementWithoutInfo getLogger(String name) {
            return new ReplacementWithoutInfo();
        }

        public boolean isLoggable(Level level) {
            return true;
        }
    }

    /** Defines one class from the staging directory; every other class comes from the test's loader. */
    private static final class StagedLoader extends ClassLoader {
        private final Path staging;
        private final String stagedClass;

        StagedLoader(Path staging, String stagedClass) {
            super(LibraryLoggingTest.class.getClassLoader());
            this.staging = staging;
            this.stagedClass = stagedClass;
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(stagedClass)) {
                return super.loadClass(name, resolve);
            }
            try {
                byte[] bytes = Files.readAllBytes(staging.resolve(name.replace('.', '/') + ".class"));
                return defineClass(name, bytes, 0, bytes.length);
            } catch (IOException e) {
                throw new ClassNotFoundException(name, e);
            }
        }
    }

    private void stage(Class<?>... classes) throws IOException {
        for (Class<?> type : classes) {
            Path file = staged(type);
            Files.createDirectories(file.getParent());
            try (InputStream in = type.getResourceAsStream("/" + internal(type) + ".class")) {
                Files.write(file, in.readAllBytes());
            }
        }
    }

    private Path staged(Class<?> type) {
        return staging.resolve(internal(type) + ".class");
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }
}
