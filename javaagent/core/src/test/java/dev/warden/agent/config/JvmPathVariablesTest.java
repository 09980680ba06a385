package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.decide.CanonicalPaths;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The policy's path variables as this JVM gives them: {@code app.home} from the class path or module path. */
class JvmPathVariablesTest {

    @TempDir
    Path root;

    private final Properties properties = new Properties();

    private Map<String, String> variables() throws Exception {
        return JvmPathVariables.of(properties, new CanonicalPaths(root.toRealPath().toString())).values();
    }

    @Test
    void javaDashJarMakesAppHomeTheJarsDirectoryResolvedAgainstTheWorkingDirectoryWithItsLinks() throws Exception {
        Path target = Files.createDirectories(root.resolve("build/target"));
        Files.writeString(target.resolve("app.jar"), "a jar");
        Files.createSymbolicLink(root.resolve("current"), target);
        properties.put("java.class.path", "current/app.jar");
        properties.put("user.dir", root.toString());

        assertThat(variables()).containsEntry("app.home", target.toRealPath().toString())
                .containsEntry("user.dir", root.toRealPath().toString());
    }

    @Test
    void aDirectoryOfClassesFirstOnTheClassPathIsAppHomeItselfAndEmptyEntriesAreSkipped() throws Exception {
        Path classes = Files.createDirectories(root.resolve("classes"));
        Files.writeString(root.resolve("lib.jar"), "a jar");
        properties.put("java.class.path", File.pathSeparator + classes + File.pathSeparator + root.resolve("lib.jar"));

        assertThat(variables()).containsEntry("app.home", classes.toRealPath().toString());
    }

    @Test
    void anAppOnTheModulePathOnlyTakesItsFirstEntryAndWithNeitherThereIsNoAppHome() throws Exception {
        Path modules = Files.createDirectories(root.resolve("mods"));
        Files.writeString(modules.resolve("app.jar"), "a modular jar");
        properties.put("java.class.path", "");
        properties.put("jdk.module.path", modules.resolve("app.jar").toString());
        assertThat(variables()).containsEntry("app.home", modules.toRealPath().toString());

        properties.remove("jdk.module.path");
        assertThat(variables()).doesNotContainKey("app.home");
    }
}
