package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.FileAccess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The JVM's own data, as a distribution lays it out: part of {@code java.home} linked to {@code /etc}. */
class JvmFileAllowancesTest {

    @Test
    void theFilesAJavaHomeLinksOutToAndTheEntropySourcesAreTheJvmsRuntimeDataAndNothingBesideThem(@TempDir Path root) throws Exception {
        Path etc = Files.createDirectories(root.resolve("etc/java"));
        Files.writeString(etc.resolve("net.properties"), "");
        Files.writeString(etc.resolve("unlinked.properties"), "");
        Path certs = Files.createDirectories(root.resolve("ssl/certs"));
        Files.writeString(certs.resolve("cacerts"), "");
        Path javaHome = Files.createDirectories(root.resolve("jdk"));
        Files.createDirectories(javaHome.resolve("conf"));
        Files.createDirectories(javaHome.resolve("lib/security"));
        Files.createSymbolicLink(javaHome.resolve("conf/net.properties"), etc.resolve("net.properties"));
        Files.createSymbolicLink(javaHome.resolve("lib/security/cacerts"), certs.resolve("cacerts"));

        Path temporary = Files.createDirectories(root.resolve("tmp"));
        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString(),
                "java.io.tmpdir", temporary.toString())::get, List.of(), new CanonicalPaths(root.toString()));

        String runtimeData = "jvm:runtime-data";
        assertThat(allowances.covering(etc + "/net.properties", etc + "/net.properties"))
                .extracting(JvmFileAllowances.Allowance::name).containsExactly(runtimeData);
        assertThat(allowances.covering(certs + "/cacerts", certs + "/cacerts"))
                .extracting(JvmFileAllowances.Allowance::name).containsExactly(runtimeData);
        assertThat(allowances.covering(etc + "/unlinked.properties", etc + "/unlinked.properties")).isEmpty();
        // SecureRandom's sources: the random devices, and the temporary directory's listing but none of its files
        assertThat(allowances.covering("/dev/urandom", "/dev/urandom")).extracting(JvmFileAllowances.Allowance::name)
                .containsExactly(runtimeData);
        assertThat(allowances.covering(temporary.toString(), temporary.toString())).extracting(JvmFileAllowances.Allowance::name)
                .containsExactly(runtimeData);
        assertThat(allowances.covering(temporary + "/secret", temporary + "/secret")).isEmpty();
    }

    @Test
    void theSecurityAndManagementFilesNamedOnTheCommandLineAreTheJdksToRead(@TempDir Path root) throws Exception {
        Path javaHome = Files.createDirectories(root.resolve("jdk"));
        Path conf = Files.createDirectories(root.resolve("conf"));
        Map<String, String> properties = Map.of("java.home", javaHome.toString(),
                "java.security.auth.login.config", "=" + conf.resolve("jaas.conf"),
                "java.security.krb5.conf", conf.resolve("krb5.conf").toString(),
                "com.sun.management.config.file", conf.resolve("management.properties").toString(),
                "com.sun.management.jmxremote.password.file", conf.resolve("jmxremote.password").toString(),
                "com.sun.management.jmxremote.access.file", conf.resolve("jmxremote.access").toString());

        JvmFileAllowances allowances = JvmFileAllowances.of(properties::get, List.of(), new CanonicalPaths(root.toString()));

        for (String file : List.of("jaas.conf", "krb5.conf", "management.properties", "jmxremote.password", "jmxremote.access")) {
            String path = conf.resolve(file).toString();
            assertThat(allowances.covering(path, path)).as(file).extracting(JvmFileAllowances.Allowance::name)
                    .containsExactly("jvm:runtime-data");
        }
        assertThat(allowances.covering(conf + "/other.conf", conf + "/other.conf")).isEmpty();
    }

    @Test
    void theJarsOfTheJavaagentArgumentsAreReadByAnyCallerUnderTheirCanonicalPathButNoOtherJarBesideThem(@TempDir Path root)
            throws Exception {
        Path agents = Files.createDirectories(root.resolve("agents"));
        Path second = Files.writeString(agents.resolve("second-agent-1.0.jar"), "");
        Files.createSymbolicLink(agents.resolve("second-agent.jar"), second);
        Files.writeString(agents.resolve("not-an-agent.jar"), "");
        Path javaHome = Files.createDirectories(root.resolve("jdk"));

        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString())::get,
                List.of("agents/second-agent.jar"), new CanonicalPaths(root.toString()));

        assertThat(allowances.forRead(second.toString(), second.toString()))
                .hasValueSatisfying(allowance -> assertThat(allowance.name()).isEqualTo("jvm:agent-jars"));
        String other = agents.resolve("not-an-agent.jar").toString();
        assertThat(allowances.forRead(other, other)).isEmpty();
        // the native-library loader's probes serve that loader alone: this test's own probe is not served
        assertThat(allowances.forAccess(other, other, FileAccess.STAT)).isEmpty();
        assertThat(JvmFileAllowances.of(Map.of("java.home", javaHome.toString())::get, List.of(),
                new CanonicalPaths(root.toString())).covering(second.toString(), second.toString())).isEmpty();
    }

    @Test
    void theJarsOfTheClassPathAreReadByAnyCallerButItsDirectoriesOnlyByClassLoaders(@TempDir Path root) throws Exception {
        Path app = Files.writeString(root.resolve("app.jar"), "");
        Path classes = Files.createDirectories(root.resolve("classes"));
        Path javaHome = Files.createDirectories(root.resolve("jdk"));

        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString(),
                "java.class.path", "app.jar:classes")::get, List.of(), new CanonicalPaths(root.toString()));

        // this test is the caller: no class loader, so only the any-caller allowance can serve it
        assertThat(allowances.forRead(app.toString(), app.toString()))
                .hasValueSatisfying(allowance -> assertThat(allowance.name()).isEqualTo("jvm:class-path-jars"));
        String inClasses = classes.resolve("App.class").toString();
        assertThat(allowances.forRead(inClasses, inClasses)).isEmpty();
        assertThat(allowances.covering(inClasses, inClasses)).extracting(JvmFileAllowances.Allowance::name)
                .containsExactly("jvm:class-loading");
    }

    /** {@code --module-path lib/app.jar:mods}: a modular jar named on it, and the modules in a directory named on it. */
    @Test
    void theModulePathIsReadLikeTheClassPath(@TempDir Path root) throws Exception {
        Path app = Files.writeString(root.resolve("app.jar"), "");
        Path mods = Files.createDirectories(root.resolve("mods"));
        Path module = Files.writeString(mods.resolve("tools.jar"), "");
        Path javaHome = Files.createDirectories(root.resolve("jdk"));

        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString(),
                "jdk.module.path", app + File.pathSeparator + mods)::get, List.of(), new CanonicalPaths(root.toString()));

        assertThat(allowances.forRead(app.toString(), app.toString()))
                .hasValueSatisfying(allowance -> assertThat(allowance.name()).isEqualTo("jvm:class-path-jars"));
        assertThat(allowances.covering(module.toString(), module.toString())).extracting(JvmFileAllowances.Allowance::name)
                .containsExactly("jvm:class-loading");
        Path outside = Files.writeString(root.resolve("other.jar"), "");
        assertThat(allowances.covering(outside.toString(), outside.toString())).isEmpty();
    }

    @Test
    void aNamedCallerCountsOnlyAsTheJdksOwnClassNotAsAClassTheAppNamedLikeIt(@TempDir Path root) throws Exception {
        Path javaHome = Files.createDirectories(root.resolve("jdk"));
        Path keyStore = Files.writeString(root.resolve("server.p12"), "");
        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString(),
                "javax.net.ssl.keyStore", keyStore.toString())::get, List.of(), new CanonicalPaths(root.toString()));
        JvmFileAllowances.Allowance runtimeData = allowances.covering(keyStore.toString(), keyStore.toString()).get(0);

        assertThat(runtimeData.servesCaller(Class.forName("sun.security.ssl.SSLContextImpl"))).isTrue();
        // sun.* and jdk.internal.* are open to any class loader; only java.* is kept to the JDK's
        for (String spoofed : List.of("sun.steal.KeyStoreReader", "jdk.internal.loader.Spoof", "javax.net.ssl.Spoof")) {
            assertThat(runtimeData.servesCaller(SpoofedClasses.named(spoofed))).as(spoofed).isFalse();
        }
        assertThat(runtimeData.servesCaller(JvmFileAllowancesTest.class)).isFalse();
        assertThat(runtimeData.servesCaller(null)).as("no caller outside the file API").isFalse();
    }

    @Test
    void anEmptyClassPathElementIsTheCurrentDirectoryForClassLoaders(@TempDir Path root) throws Exception {
        Path javaHome = Files.createDirectories(root.resolve("jdk"));
        Files.writeString(root.resolve("app.jar"), "");

        // a launcher that joins entries with a trailing separator: the JDK's loaders then look in the current directory
        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString(),
                "java.class.path", "app.jar:")::get, List.of(), new CanonicalPaths(root.toString()));

        String service = root.resolve("META-INF/services/org.slf4j.spi.SLF4JServiceProvider").toString();
        assertThat(allowances.covering(service, service)).extracting(JvmFileAllowances.Allowance::name)
                .containsExactly("jvm:class-loading");
        assertThat(allowances.forRead(service, service)).as("served to class loaders alone").isEmpty();
    }

    @Test
    void theFlightRecordersRepositoryAndTheRecordingsNamedOnTheCommandLineAreItsToWriteAndNothingBeside(@TempDir Path root)
            throws Exception {
        Path javaHome = Files.createDirectories(root.resolve("jdk"));
        Path temporary = Files.createDirectories(root.resolve("tmp"));
        long pid = ProcessHandle.current().pid();

        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString(),
                "java.io.tmpdir", temporary.toString(), "user.dir", root.toString())::get, List.of(),
                List.of("recordings/app.jfr"), null, new CanonicalPaths(root.toString()));

        String chunk = temporary.resolve("2026_12_04_19_24_49_" + pid + "/2026_12_04_19_24_49.jfr").toString();
        String retried = temporary.resolve("2026_12_04_19_24_49_" + pid + "_2").toString();
        String recording = root.resolve("recordings/app.jfr").toString();
        String defaultDump = root.resolve("hotspot-pid-" + pid + "-id-1-2026_12_04_19_24_49.jfr").toString();
        for (String path : List.of(chunk, retried, recording, defaultDump)) {
            assertThat(allowances.covering(path, path)).as(path).extracting(JvmFileAllowances.Allowance::name)
                    .contains("jvm:flight-recorder");
        }
        String anotherProcess = temporary.resolve("2026_12_04_19_24_49_" + (pid + 1)).toString();
        String elsewhere = temporary.resolve("notes.txt").toString();
        for (String path : List.of(anotherProcess, elsewhere)) {
            assertThat(allowances.covering(path, path)).as(path).extracting(JvmFileAllowances.Allowance::name)
                    .doesNotContain("jvm:flight-recorder");
        }
        // this test is the caller, not the recorder: its own write there is the policy's to decide
        assertThat(allowances.forAccess(chunk, chunk, FileAccess.CREATE)).isEmpty();
    }

    @Test
    void aRepositoryOptionMovesTheRecordersDirectory(@TempDir Path root) throws Exception {
        Path javaHome = Files.createDirectories(root.resolve("jdk"));
        long pid = ProcessHandle.current().pid();

        JvmFileAllowances allowances = JvmFileAllowances.of(Map.of("java.home", javaHome.toString(),
                "java.io.tmpdir", root.resolve("tmp").toString())::get, List.of(), List.of(), "jfr-repo",
                new CanonicalPaths(root.toString()));

        String moved = root.resolve("jfr-repo/2026_12_04_19_24_49_" + pid + "/chunk.jfr").toString();
        String defaultPlace = root.resolve("tmp/2026_12_04_19_24_49_" + pid).toString();
        assertThat(allowances.covering(moved, moved)).extracting(JvmFileAllowances.Allowance::name).contains("jvm:flight-recorder");
        assertThat(allowances.covering(defaultPlace, defaultPlace)).extracting(JvmFileAllowances.Allowance::name)
                .doesNotContain("jvm:flight-recorder");
    }
}
