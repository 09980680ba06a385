package dev.warden.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnreachableClassesTest {

    private static final String LIBRARY = "dev/warden/packaging/UnreachableClassesTest$Library";

    @TempDir
    Path staging;

    @Test
    void dropsTheLibraryClassesNoCarriedClassReachesAndKeepsTheRest() throws Exception {
        stage(App.class, LibraryUsed.class, LibraryUsedOnlyByLibrary.class, LibraryInASignature.class,
                LibraryUnused.class, LibraryNamedByAService.class);
        Files.createDirectories(staging.resolve("META-INF/services"));
        Files.writeString(staging.resolve("META-INF/services/some.Service"),
                "# a comment\n" + LibraryNamedByAService.class.getName() + "\n");

        UnreachableClasses.main(new String[] {staging.toString(), LIBRARY});

        assertThat(staged(App.class)).as("outside the prefix: always kept").exists();
        assertThat(staged(LibraryUsed.class)).as("called from a kept class").exists();
        assertThat(staged(LibraryUsedOnlyByLibrary.class)).as("reached through a reached library class").exists();
        assertThat(staged(LibraryInASignature.class)).as("named in a kept method's generic signature").exists();
        assertThat(staged(LibraryNamedByAService.class)).as("named by a META-INF/services file").exists();
        assertThat(staged(LibraryUnused.class)).as("reached by nothing").doesNotExist();
    }

    @Test
    void readsEveryKindOfReference() throws IOException {
        assertThat(UnreachableClasses.references(bytes(App.class)))
                .contains(internal(LibraryUsed.class), internal(LibraryInASignature.class), "java/lang/Object")
                .doesNotContain(internal(LibraryUnused.class), internal(LibraryUsedOnlyByLibrary.class));
    }

    private void stage(Class<?>... classes) throws IOException {
        for (Class<?> type : classes) {
            Path file = staged(type);
            Files.createDirectories(file.getParent());
            Files.write(file, bytes(type));
        }
    }

    private Path staged(Class<?> type) {
        return staging.resolve(internal(type) + ".class");
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private static byte[] bytes(Class<?> type) throws IOException {
        String resource = "/" + internal(type) + ".class";
        try (InputStream in = type.getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }

    static final class App {
        int run() {
            return new LibraryUsed().work();
        }

        void accept(List<LibraryInASignature> values) {
        }
    }

    static final class LibraryUsed {
        int work() {
            return LibraryUsedOnlyByLibrary.VALUE.length();
        }
    }

    static final class LibraryUsedOnlyByLibrary {
        static final String VALUE = String.valueOf(System.nanoTime());
    }

    static final class LibraryInASignature {
    }

    static final class LibraryUnused {
    }

    static final class LibraryNamedByAService {
    }
}
