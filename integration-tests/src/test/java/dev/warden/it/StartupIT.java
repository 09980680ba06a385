package dev.warden.it;

import dev.warden.it.apps.HelloApp;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.PolicyFile;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Attaching: the startup line, option sources and their precedence, fail-closed startup. */
class StartupIT extends AgentTestSupport {

    static final String GOOD = PolicyFile.egress(POLICY, "enforce", "to: \"127.0.0.1:9\"");

    static void assertStartedWith(ForkedJvm.Result r, String policyName) {
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r).isZero();
        assertThat(r.stdout()).as(r.describe()).contains(HelloApp.MAIN_RAN);
        assertThat(r.wardenLines()).as(r.describe())
                .filteredOn(l -> l.startsWith("[warden] enforcing policy \"" + policyName + "\""))
                .hasSize(1);
    }

    static void assertStartedWithBundle(ForkedJvm.Result r, String bundleName) {
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code\n%s", r).isZero();
        assertThat(r.stdout()).as(r.describe()).contains(HelloApp.MAIN_RAN);
        assertThat(r.wardenLines()).as(r.describe())
                .filteredOn(l -> l.startsWith("[warden] enforcing bundle \"" + bundleName + "\""))
                .hasSize(1);
    }

    /** Exit 78 with ONE stderr line "[warden] FATAL ..." (no stack trace), main never ran. */
    static String assertFatal(ForkedJvm.Result r) {
        assertThat(r.timedOut()).as(r.describe()).isFalse();
        assertThat(r.exitCode()).as("exit code (78: Warden refused to start)\n%s", r).isEqualTo(78);
        assertThat(r.stdout()).as(r.describe()).doesNotContain(HelloApp.MAIN_RAN).doesNotContain("RESULT");
        assertThat(r.stderrLines()).as("stderr must be exactly one [warden] FATAL line\n%s", r).hasSize(1);
        String line = r.stderrLines().get(0);
        assertThat(line).as(r.describe()).startsWith("[warden] FATAL");
        return line;
    }

    /**
     * A program that makes no access pays for no weaver toolkit and no telemetry: the JDK classes
     * loaded before {@code premain} are woven by the entry-point weaver, ByteBuddy waits for a
     * library or network target, the OpenTelemetry SDK for the first span.
     */
    @BothJdks
    void aProgramThatMakesNoAccessLoadsNeitherByteBuddyNorTheTelemetrySdk(Jdk jdk, @org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path classLog = dir.resolve("classes.log");
        ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(policy(GOOD)).jvmArg("-Xlog:class+load=info:file=" + classLog)
                .main(HelloApp.class).run();
        assertStartedWith(r, POLICY);
        List<String> loaded = java.nio.file.Files.readAllLines(classLog);
        assertThat(loaded).as("a class loading log").anyMatch(line -> line.contains(" dev.warden.agent.AgentStarter "));
        assertThat(loaded).filteredOn(line -> line.contains(" dev.warden.shaded.net.bytebuddy.ByteBuddy ")
                || line.contains(" dev.warden.shaded.io.opentelemetry.sdk.trace.SdkTracerProvider ")).as(r.describe()).isEmpty();
    }

    @BothJdks
    void announcesEnforcedPolicyAndWarnsAboutUnsignedFile(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy(GOOD);
            ForkedJvm.Result r = withAgent(jdk, policy, otlp).main(HelloApp.class).run();
            assertStartedWith(r, POLICY);
            String enforcing = r.wardenLines().stream().filter(l -> l.startsWith("[warden] enforcing")).findFirst().orElseThrow();
            assertThat(enforcing).as("the startup line names the mode and that the file is unsigned")
                    .contains("enforce").contains("unsigned");
            assertThat(r.wardenLines()).as(r.describe()).filteredOn(l -> l.startsWith("[warden] WARNING")).hasSize(1);
            // nothing else on stderr: one startup line (naming the launcher settings that would contain what
            // Warden cannot) plus the unsigned-file warning; no JVM warning (nothing is appended to the boot class path)
            assertThat(r.stderrLines()).as("stderr of a clean start\n%s", r).hasSize(2);
            assertThat(enforcing).contains("; containment: add -XX:-EnableDynamicAgentLoading");
            assertThat(r.stdoutLines()).as(r.describe()).containsExactly(HelloApp.MAIN_RAN, "RESULT ok main=ran");
        }
    }

    /**
     * Warden's bridge is defined in the boot loader, not extracted to a file: a start writes nothing
     * to {@code java.io.tmpdir}, and one that does not exist (a read-only container) is no obstacle.
     */
    @BothJdks
    void startsWithoutWritingToTheTemporaryDirectory(Jdk jdk, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path tmp = java.nio.file.Files.createDirectory(dir.resolve("tmp"));
        ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(policy(GOOD)).sysProp("java.io.tmpdir", tmp.toString())
                .main(HelloApp.class).run();
        assertStartedWith(r, POLICY);
        try (Stream<Path> left = java.nio.file.Files.list(tmp)) {
            assertThat(left).as("files Warden left in java.io.tmpdir\n%s", r.describe()).isEmpty();
        }
        ForkedJvm.Result noTmp = ForkedJvm.on(jdk).agentPolicy(policy(GOOD))
                .sysProp("java.io.tmpdir", dir.resolve("missing").toString()).main(HelloApp.class).run();
        assertStartedWith(noTmp, POLICY);
    }

    /** Nothing Warden does at start makes java.util.logging's manager: the app's main still chooses it (the bundle's case: BundleIT). */
    @BothJdks
    void theAppStillChoosesItsOwnLogManager(Jdk jdk) throws Exception {
        ForkedJvm.Result r = ForkedJvm.on(jdk).agentPolicy(policy(GOOD)).main(dev.warden.it.apps.LogManagerApp.class).run();

        assertThat(r.result().outcome()).as(r.describe()).isEqualTo("ok");
        assertThat(r.result().get("manager")).as(r.describe()).isEqualTo(dev.warden.it.apps.LogManagerApp.AppLogManager.class.getName());
    }

    /**
     * The app's own class-data-sharing archive (AppCDS, dumped without Warden) still serves the app's
     * classes under Warden: appending to the boot class path would have turned sharing off for every
     * class outside the boot loader, with a JVM warning.
     */
    @BothJdks
    void theAppsClassDataSharingArchiveStaysInUse(Jdk jdk, @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path appJar = jarOf(dir.resolve("app.jar"), HelloApp.class, dev.warden.it.apps.Report.class);
        Path classList = dir.resolve("classes.lst");
        Path archive = dir.resolve("app.jsa");
        String main = HelloApp.class.getName();
        ForkedJvm.Result listed = ForkedJvm.on(jdk).classpath(List.of(appJar)).jvmArg("-XX:DumpLoadedClassList=" + classList)
                .main(main).run();
        assertThat(listed.exitCode()).as(listed.describe()).isZero();
        // an agent's JVM has java.instrument in its module graph: the archive is dumped with it, as a user would
        ForkedJvm.Result dumped = ForkedJvm.on(jdk).classpath(List.of(appJar)).jvmArg("-Xshare:dump")
                .jvmArg("--add-modules=java.instrument").jvmArg("-XX:SharedClassListFile=" + classList)
                .jvmArg("-XX:SharedArchiveFile=" + archive).main(main).run();
        assertThat(archive).as(dumped.describe()).isNotEmptyFile();

        ForkedJvm.Result r = ForkedJvm.on(jdk).classpath(List.of(appJar)).agentPolicy(policy(GOOD))
                .jvmArg("-XX:SharedArchiveFile=" + archive).jvmArg("-Xlog:class+load=info").main(main).run();
        assertStartedWith(r, POLICY);
        assertThat(r.stdoutLines()).as(r.describe()).anyMatch(line -> line.endsWith(" " + main + " source: shared objects file"));
        assertThat(r.stdout() + r.stderr()).as(r.describe()).doesNotContain("Sharing is only supported");
    }

    private static Path jarOf(Path jar, Class<?>... classes) throws java.io.IOException {
        try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar))) {
            for (Class<?> type : classes) {
                String entry = type.getName().replace('.', '/') + ".class";
                out.putNextEntry(new java.util.jar.JarEntry(entry));
                try (java.io.InputStream classFile = type.getClassLoader().getResourceAsStream(entry)) {
                    classFile.transferTo(out);
                }
            }
        }
        return jar;
    }

    // ------------------------------------------------------------------ fail closed

    /** An invalid policy: file content, and what the FATAL line must name. */
    record Broken(String name, String yaml, List<String> mustName) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> brokenPolicies() {
        List<Broken> cases = List.of(
                new Broken("yaml-syntax-error", """
                        policy: broken
                        mode: enforce
                        egress:
                          - to: "127.0.0.1:80"
                            http: { methods: [GET }
                        """, List.of("policy.yaml:5")),
                new Broken("unknown-mode", """
                        policy: broken
                        mode: enforcing
                        egress: []
                        """, List.of("policy.yaml:2", "mode")),
                new Broken("port-out-of-range", """
                        policy: broken
                        mode: enforce
                        egress:
                          - to: "127.0.0.1:99999"
                        """, List.of("policy.yaml:4", "99999")),
                new Broken("not-a-mapping", """
                        - just
                        - a list
                        """, List.of("policy.yaml")),
                new Broken("empty-file", "", List.of("policy.yaml")));
        List<Arguments> args = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (Broken b : cases) {
                args.add(Arguments.of(jdk, b));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("brokenPolicies")
    void invalidPolicyIsFatalAtStartup(Jdk jdk, Broken broken) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy(broken.yaml());
            String fatal = assertFatal(withAgent(jdk, policy, otlp).main(HelloApp.class).run());
            for (String s : broken.mustName()) {
                assertThat(fatal).as("the FATAL line names the reason").contains(s);
            }
        }
    }

    @BothJdks
    void missingPolicyFileIsFatalAtStartup(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path missing = tmp.resolve("no-such-policy.yaml");
            String fatal = assertFatal(withAgent(jdk, missing, otlp).main(HelloApp.class).run());
            assertThat(fatal).contains("no-such-policy.yaml");
        }
    }

    static Stream<Arguments> requireSignedSources() {
        List<Arguments> args = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (String source : List.of("agent-arg", "system-property", "environment")) {
                args.add(Arguments.of(jdk, source));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("requireSignedSources")
    void requireSignedRefusesAPlainPolicyFile(Jdk jdk, String source) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = policy(GOOD);
            ForkedJvm.Builder b = switch (source) {
                case "agent-arg" -> withAgent(jdk, policy, otlp, "require-signed=true");
                case "system-property" -> withAgent(jdk, policy, otlp).sysProp("warden.require-signed", "true");
                default -> withAgent(jdk, policy, otlp).env("WARDEN_REQUIRE_SIGNED", "true");
            };
            assertFatal(b.main(HelloApp.class).run());
        }
    }

    // ------------------------------------------------------------------ option sources and precedence

    record Setup(String name, BiFunction<StartupIT, Jdk, ForkedJvm.Builder> builder, boolean starts) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> optionSources() {
        List<Setup> setups = List.of(
                new Setup("policy from system property", (t, jdk) -> ForkedJvm.on(jdk).agent(null)
                        .sysProp("warden.policy", t.policy(GOOD).toString()), true),
                new Setup("policy from environment", (t, jdk) -> ForkedJvm.on(jdk).agent(null)
                        .env("WARDEN_POLICY", t.policy(GOOD).toString()), true),
                new Setup("agent arg beats system property", (t, jdk) -> ForkedJvm.on(jdk).agentPolicy(t.policy(GOOD))
                        .sysProp("warden.policy", t.tmp.resolve("missing.yaml").toString()), true),
                new Setup("system property beats environment", (t, jdk) -> ForkedJvm.on(jdk).agent(null)
                        .sysProp("warden.policy", t.policy(GOOD).toString())
                        .env("WARDEN_POLICY", t.tmp.resolve("missing.yaml").toString()), true),
                new Setup("agent arg require-signed=false beats system property", (t, jdk) -> ForkedJvm.on(jdk)
                        .agentPolicy(t.policy(GOOD), "require-signed=false")
                        .sysProp("warden.require-signed", "true"), true),
                new Setup("system property require-signed=true beats environment", (t, jdk) -> ForkedJvm.on(jdk)
                        .agentPolicy(t.policy(GOOD))
                        .sysProp("warden.require-signed", "true")
                        .env("WARDEN_REQUIRE_SIGNED", "false"), false),
                new Setup("failure=closed accepted", (t, jdk) -> ForkedJvm.on(jdk)
                        .agentPolicy(t.policy(GOOD), "failure=closed"), true));
        List<Arguments> args = new ArrayList<>();
        for (Jdk jdk : Jdk.values()) {
            for (Setup s : setups) {
                args.add(Arguments.of(jdk, s));
            }
        }
        return args.stream();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("optionSources")
    void optionSourcesAndPrecedence(Jdk jdk, Setup setup) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            ForkedJvm.Result r = setup.builder().apply(this, jdk).otlp(otlp).main(HelloApp.class).run();
            if (setup.starts()) {
                assertStartedWith(r, POLICY);
            } else {
                assertFatal(r);
            }
        }
    }
}
