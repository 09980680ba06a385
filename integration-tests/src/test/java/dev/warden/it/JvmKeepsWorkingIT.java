package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.FlightRecorderApp;
import dev.warden.it.apps.HelloApp;
import dev.warden.it.apps.JvmWorkApp;
import dev.warden.it.apps.SecondAgent;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.WardenAgent;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * Under a policy whose {@code files} section is empty, the JVM's own reads (class loading, trust
 * store, time zones, logging configuration, a JDBC driver from a jar) still work, while the app
 * reading the very same files itself is denied; {@code strict} removes the built-in allowances.
 */
class JvmKeepsWorkingIT extends AgentTestSupport {

    private Path denyAllFiles() {
        // the app's H2 database is allowed as a database (JDBC is decided too); its files are not
        return policy("policy: " + POLICY + "\nfiles: []\ndatabases:\n  - url: \"jdbc:h2:mem:jvmwork\"\n    allow: [any]\n");
    }

    private static String ownClassFile() {
        return ForkedJvm.testClassesDir().resolve(JvmWorkApp.class.getName().replace('.', '/') + ".class").toString();
    }

    @BothJdks
    void aPlainAppRunsUnderADenyAllFilePolicyButCannotReadTheJvmsFilesItself(Jdk jdk) {
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(denyAllFiles(), "debug=true")
                .main(JvmWorkApp.class, ownClassFile()).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<AppResult> steps = run.results();
        assertThat(steps).as(run.describe()).extracting(AppResult::line).containsExactly(
                "RESULT ok step=trust-store trusted=some",
                "RESULT ok step=time-zones zone=-04:00",
                "RESULT ok step=logging",
                "RESULT ok step=h2 name=one",
                "RESULT ok step=resource read=true",
                steps.get(5).line(),
                steps.get(6).line(),
                steps.get(7).line(),
                steps.get(8).line());
        // read by the app itself, and by its classes named like the JDK's and like Warden's
        for (AppResult cacerts : List.of(steps.get(5), steps.get(7), steps.get(8))) {
            assertThat(cacerts.outcome()).as(run.describe()).isEqualTo("denied");
            assertThat(cacerts.msg()).startsWith(DENIED_PREFIX + " read of ").contains("cacerts");
        }
        assertThat(steps.get(6).outcome()).as(run.describe()).isEqualTo("denied");
        assertThat(steps.get(6).type()).isEqualTo("java.io.FileNotFoundException");
        assertThat(steps.get(6).msg()).startsWith(DENIED_PREFIX + " read of " + ownClassFile());
        assertThat(run.stderr()).as("console logging").contains("console logging works");
        assertThat(run.wardenLines()).as("the built-in allowances are listed in debug mode")
                .anyMatch(line -> line.contains("built-in file allowance jvm:class-loading"))
                .anyMatch(line -> line.contains("built-in file allowance jvm:runtime-data"));
        assertThat(run.wardenLines()).as("only the app's own four reads were denied\n%s", run.describe())
                .filteredOn(line -> line.contains("denied")).hasSize(4);
    }

    /**
     * The JDK Flight Recorder the operator turns on writes its repository and the recording it was
     * told to, under a policy without file rules; a recording the app dumps elsewhere through the
     * {@code jdk.jfr} API is the policy's to decide, and denied.
     */
    @BothJdks
    void aFlightRecordingStartedOnTheCommandLineIsWrittenButTheAppsOwnDumpElsewhereIsDenied(Jdk jdk) throws Exception {
        Path temporary = Files.createDirectories(tmp.resolve("jfr-tmp"));
        Path recording = tmp.resolve("operator.jfr");
        Path appDump = tmp.resolve("app-dump.jfr");
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(denyAllFiles())
                .jvmArg("-Djava.io.tmpdir=" + temporary)
                .jvmArg("-XX:StartFlightRecording=filename=" + recording + ",dumponexit=true")
                .main(FlightRecorderApp.class, appDump.toString()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<AppResult> steps = run.results();
        assertThat(steps).as(run.describe()).hasSize(2);
        assertThat(steps.get(0).line()).isEqualTo("RESULT ok step=main");
        assertThat(steps.get(1).outcome()).as(run.describe()).isEqualTo("denied");
        assertThat(steps.get(1).msg()).startsWith(DENIED_PREFIX).contains(appDump.toString());
        assertThat(appDump).as("the app's own dump").doesNotExist();
        assertThat(recording).as("the operator's recording, written at exit\n%s", run.describe()).isNotEmptyFile();
        assertThat(temporary).as("the recorder left nothing in the temporary directory (its repository is removed at exit)").isEmptyDirectory();
        assertThat(run.wardenLines()).as("only the app's dump was denied\n%s", run.describe())
                .filteredOn(line -> line.contains("denied")).allMatch(line -> line.contains(appDump.getFileName().toString()));
    }

    /**
     * Warden first, then another agent: the JVM loads it, and it reads its own jar in premain (the OpenTelemetry
     * agent does), under a policy without file rules; a jar that no {@code -javaagent} names stays the policy's.
     */
    @BothJdks
    void aSecondJavaagentAfterWardenStartsAndReadsItsOwnJarButNoOtherJar(Jdk jdk) throws Exception {
        Path second = agentJar("second-agent.jar");
        Path other = agentJar("not-on-the-command-line.jar");
        ForkedJvm.Result run = ForkedJvm.on(jdk).env("OTEL_TRACES_EXPORTER", "none")
                .jvmArg("-javaagent:" + WardenAgent.jar().toAbsolutePath() + "=policy=" + denyAllFiles())
                .jvmArg("-javaagent:" + second + "=" + second + "|" + other)
                .main(HelloApp.class).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        List<AppResult> steps = run.results();
        assertThat(steps).as(run.describe()).hasSize(3);
        assertThat(steps.get(0).line()).isEqualTo("RESULT ok step=own-jar premain=" + SecondAgent.class.getName());
        assertThat(steps.get(1).outcome()).as(run.describe()).isEqualTo("denied");
        // JarFile asks for the file's attributes before it opens it: the probe is the first access denied
        assertThat(steps.get(1).msg()).startsWith(DENIED_PREFIX + " stat of ").contains(other.getFileName().toString());
        assertThat(steps.get(2).line()).isEqualTo("RESULT ok main=ran");
        assertThat(run.wardenLines()).as("only the other jar was denied\n%s", run.describe())
                .filteredOn(line -> line.contains("denied")).singleElement().asString().contains(other.getFileName().toString());
    }

    /**
     * An app run from the module path ({@code --module-path mods -m hello.app/...}, its jar an automatic module in a
     * directory of modules) starts under a policy without file rules: the module system's reads of its jars are the JVM's.
     */
    @BothJdks
    void anAppOnTheModulePathStartsUnderADenyAllFilePolicy(Jdk jdk) throws Exception {
        Path mods = Files.createDirectories(tmp.resolve("mods"));
        Path jar = mods.resolve("hello-app.jar");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out, manifest)) {
            for (Class<?> type : List.of(HelloApp.class, dev.warden.it.apps.Report.class)) {
                String classFile = type.getName().replace('.', '/') + ".class";
                entries.putNextEntry(new JarEntry(classFile));
                entries.write(Files.readAllBytes(ForkedJvm.testClassesDir().resolve(classFile)));
                entries.closeEntry();
            }
        }
        Path emptyClassPath = Files.createDirectories(tmp.resolve("no-classes"));
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(denyAllFiles()).env("OTEL_TRACES_EXPORTER", "none")
                .jvmArg("--module-path=" + mods).classpath(List.of(emptyClassPath))
                .main("-m", "hello.app/" + HelloApp.class.getName()).run();

        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.results()).as(run.describe()).extracting(AppResult::line).containsExactly("RESULT ok main=ran");
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("denied"));
    }

    /** A jar with a manifest that names {@link SecondAgent}, and its class. */
    private Path agentJar(String name) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", SecondAgent.class.getName());
        String classFile = SecondAgent.class.getName().replace('.', '/') + ".class";
        Path jar = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream entries = new JarOutputStream(out, manifest)) {
            entries.putNextEntry(new JarEntry(classFile));
            entries.write(Files.readAllBytes(ForkedJvm.testClassesDir().resolve(classFile)));
            entries.closeEntry();
        }
        return jar;
    }

    /** JFR reads its settings from java.home; where it writes is the policy's to say. */
    @BothJdks
    void aFlightRecordingStartsUnderAPolicyThatAllowsOnlyItsRecordingDirectory(Jdk jdk) throws Exception {
        Path recordings = java.nio.file.Files.createDirectories(tmp.resolve("jfr"));
        Path policy = policy("policy: " + POLICY + "\nfiles:\n  - path: \"" + recordings + "/**\"\n"
                + "    allow: [read, write, create, delete, list]\n  - path: \"" + System.getProperty("java.io.tmpdir")
                + "/**\"\n    allow: [read, write, create, delete, list]\n");
        Path recording = recordings.resolve("app.jfr");
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(policy)
                .jvmArg("-XX:StartFlightRecording=settings=profile,filename=" + recording)
                .main(dev.warden.it.apps.HelloApp.class).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains(dev.warden.it.apps.HelloApp.MAIN_RAN);
        assertThat(recording).as(run.describe()).isNotEmptyFile();
    }

    /**
     * A recording configured by a settings file of the operator's own (JFR looks for it as written, then with
     * {@code .jfc}), under a policy without file rules: the JVM reads it and starts, as without Warden.
     */
    @BothJdks
    void aFlightRecordingStartsWithTheOperatorsOwnSettingsFile(Jdk jdk) throws Exception {
        Path settings = tmp.resolve("operator-settings.jfc");
        try (var jdkProfile = Files.newInputStream(jdk.home().resolve("lib/jfr/profile.jfc"))) {
            Files.copy(jdkProfile, settings);
        }
        Path recording = tmp.resolve("with-settings.jfr");
        String withoutSuffix = settings.toString().substring(0, settings.toString().length() - ".jfc".length());
        ForkedJvm.Result run = ForkedJvm.on(jdk).agentPolicy(denyAllFiles())
                .jvmArg("-XX:StartFlightRecording=settings=" + withoutSuffix + ",filename=" + recording + ",dumponexit=true")
                .main(dev.warden.it.apps.HelloApp.class).run();
        assertThat(run.exitCode()).as(run.describe()).isZero();
        assertThat(run.stdout()).contains(dev.warden.it.apps.HelloApp.MAIN_RAN);
        assertThat(recording).as(run.describe()).isNotEmptyFile();
        assertThat(run.wardenLines()).as(run.describe()).noneMatch(line -> line.contains("denied"));
    }

    @BothJdks
    void strictRemovesTheBuiltInAllowances(Jdk jdk) {
        ForkedJvm.Builder strict = ForkedJvm.on(jdk).agentPolicy(denyAllFiles(), "strict=true");
        SelfProtectionIT.containment(jdk).forEach(strict::jvmArg);
        ForkedJvm.Result run = strict.main(JvmWorkApp.class, ownClassFile()).run();
        assertThat(run.exitCode()).as("the main class cannot even be loaded\n%s", run.describe()).isNotZero();
        assertThat(run.wardenLines()).as(run.describe())
                .anyMatch(line -> line.startsWith("[warden] warden: denied stat of " + ForkedJvm.testClassesDir())
                        || line.startsWith("[warden] warden: denied read of " + ForkedJvm.testClassesDir()));
    }
}
