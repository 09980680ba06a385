package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.okhttp.OkHttpInstrumentation;
import java.io.File;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import net.bytebuddy.ByteBuddy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdviceWeaverTest {

    private static final String CALL = "okhttp3.internal.connection.RealCall";
    private static final String CALL_ADVICE = OkHttpInstrumentation.class.getName() + "$CallAdvice";

    @TempDir
    Path planted;

    /** An app whose class path holds a class named like Warden's advice (empty here) still gets Warden's advice. */
    @Test
    void anAdviceClassOfTheSameNameOnTheAppsClassPathNeverStandsInForWardens() throws Exception {
        Path classFile = planted.resolve(CALL_ADVICE.replace('.', '/') + ".class");
        Files.createDirectories(classFile.getParent());
        Files.write(classFile, new ByteBuddy().subclass(Object.class).name(CALL_ADVICE).make().getBytes());
        List<URL> appClassPath = new ArrayList<>(List.of(planted.toUri().toURL()));
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("okhttp") || name.startsWith("okio") || name.startsWith("kotlin-stdlib")) {
                appClassPath.add(Path.of(entry).toUri().toURL());
            }
        }
        AdviceWeaver weaver = new AdviceWeaver(List.of(new OkHttpInstrumentation()), getClass().getClassLoader());

        try (URLClassLoader app = new URLClassLoader(appClassPath.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
             InputStream original = app.getResourceAsStream(CALL.replace('.', '/') + ".class")) {
            assertThat(app.getResource(CALL_ADVICE.replace('.', '/') + ".class")).as("the planted class is the app's")
                    .hasToString(classFile.toUri().toURL().toString());
            byte[] woven = weaver.weave(CALL, original.readAllBytes(), app, Set.of(), false);

            assertThat(new String(woven, StandardCharsets.ISO_8859_1)).contains("dev/warden/bootstrap/HttpLibraryBridge");
        }
    }

    /** A sample class of a code segment: a method, a constructor and a static initializer. */
    static final class PluginCode {
        static final long LOADED = System.nanoTime();

        private final String name;

        PluginCode(String name) {
            this.name = name;
        }

        String name() {
            return name;
        }
    }

    @Test
    void aClassInACodeSegmentTellsTheScopeBridgeWhenEachOfItsMethodsStartsAndEndsAndAnotherIsLeftAlone() throws Exception {
        AdviceWeaver weaver = new AdviceWeaver(List.of(), getClass().getClassLoader());
        String name = PluginCode.class.getName();
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            original = in.readAllBytes();
        }

        assertThat(weaver.weave(name, original, getClass().getClassLoader(), Set.of(), false)).isNull();
        String woven = new String(weaver.weave(name, original, getClass().getClassLoader(), Set.of(), true),
                StandardCharsets.ISO_8859_1);
        assertThat(woven).contains("dev/warden/bootstrap/ScopeBridge", "codeEntered", "codeLeft");
    }
}
