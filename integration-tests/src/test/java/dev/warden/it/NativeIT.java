package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.NativeApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.WardenAgent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Native code: a JNI library the test compiles with gcc, loaded every way the JDK has; an FFM downcall (JDK 25);
 * {@code sun.misc.Unsafe}; and an Unsafe write aimed at Warden's own state.
 */
class NativeIT extends AgentTestSupport {

    private static final String UNSATISFIED_LINK = "java.lang.UnsatisfiedLinkError";
    private static Path library;

    /** {@code libwardenit.so}: {@code NativeApp.answer()} returns 42. */
    @BeforeAll
    static void compileTheJniLibrary() throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "native-it")).toRealPath();
        Path source = Files.writeString(dir.resolve("wardenit.c"), """
                #include <jni.h>
                JNIEXPORT jint JNICALL Java_dev_warden_it_apps_NativeApp_answer(JNIEnv *env, jclass type) { return 42; }
                """);
        library = dir.resolve("libwardenit.so");
        Path jdk = Jdk.JDK17.home();
        Process gcc = new ProcessBuilder("gcc", "-shared", "-fPIC", "-I" + jdk.resolve("include"),
                "-I" + jdk.resolve("include/linux"), "-o", library.toString(), source.toString()).inheritIO().start();
        assertThat(gcc.waitFor(60, TimeUnit.SECONDS) && gcc.exitValue() == 0).as("gcc compiled the JNI library").isTrue();
    }

    private Path policyWith(String nativeSection) {
        return policy("policy: " + POLICY + "\nmode: enforce\negress: []\n" + nativeSection);
    }

    static Stream<Arguments> loads() {
        return onBothJdks(List.of("load", "runtime-load", "load-library"));
    }

    private static String[] loadArgs(String way) {
        return way.equals("load-library") ? new String[] {way, "wardenit"} : new String[] {way, library.toString()};
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("loads")
    void aLibraryTheRulesAllowLoadsUnchangedAndAnyOtherNeverLoads(Jdk jdk, String way) throws Exception {
        String libraryPath = "-Djava.library.path=" + library.getParent();
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            AppResult without = run(plain(jdk).jvmArg(libraryPath).main(NativeApp.class, loadArgs(way)));
            assertThat(without.line()).isEqualTo("RESULT ok answer=42");

            Path allowing = policyWith("native:\n  libraries: [\"" + library.getParent() + "/libwarden*.so\"]\n");
            AppResult allowed = run(withAgent(jdk, allowing, otlp).jvmArg(libraryPath).main(NativeApp.class, loadArgs(way)));
            assertSameAsWithoutAgent(allowed, without);

            AppResult denied = run(withAgent(jdk, policyWith(""), otlp).jvmArg(libraryPath).main(NativeApp.class, loadArgs(way)));
            assertDenied(denied, UNSATISFIED_LINK, "load of native library " + library + " by " + NativeApp.class.getName());
            assertThat(denied.msg()).endsWith("the policy allows no native library (native.libraries) [rule default-deny]");
            ReceivedSpan span = otlp.awaitSpan("load span", ReceivedSpan.named("load"));
            assertThat(span.str("warden.decision")).isEqualTo("deny");
            assertThat(span.str("warden.target")).isEqualTo(library.toString());

            Path otherGlob = policyWith("native:\n  libraries: [\"/usr/lib/**/libfoo.so\"]\n");
            AppResult notMatched = run(withAgent(jdk, otherGlob, otlp).jvmArg(libraryPath).main(NativeApp.class, loadArgs(way)));
            assertDenied(notMatched, UNSATISFIED_LINK, "load of native library " + library);
            assertThat(notMatched.msg()).contains("no native.libraries glob matches " + library);
        }
    }

    @Test
    void anFfmDowncallNeedsFfmTrue() throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            AppResult allowed = run(withAgent(Jdk.JDK25, policyWith("native: { ffm: true }\n"), otlp)
                    .main(NativeApp.class, "ffm-getpid"));
            assertThat(allowed.line()).as(allowed.context()).isEqualTo("RESULT ok same_pid=true");

            AppResult denied = run(withAgent(Jdk.JDK25, policyWith("native: { libraries: [\"/usr/lib/**\"] }\n"), otlp)
                    .main(NativeApp.class, "ffm-getpid"));
            assertDenied(denied, "java.lang.IllegalCallerException",
                    "FFM restricted method Linker.downcallHandle by " + NativeApp.class.getName());
            assertThat(denied.msg()).endsWith("the policy does not allow the FFM API's restricted methods (native.ffm)"
                    + " [rule default-deny]");
        }
    }

    @BothJdks
    void unsafeByReflectionNeedsUnsafeTrue(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            AppResult without = run(plain(jdk).main(NativeApp.class, "unsafe-field"));
            AppResult allowed = run(withAgent(jdk, policyWith("native: { unsafe: true }\n"), otlp).main(NativeApp.class, "unsafe-field"));
            assertSameAsWithoutAgent(allowed, without);

            AppResult denied = run(withAgent(jdk, policyWith(""), otlp).main(NativeApp.class, "unsafe-field"));
            assertDenied(denied, "java.lang.reflect.InaccessibleObjectException",
                    "access to sun.misc.Unsafe (reflection (setAccessible)) by " + NativeApp.class.getName());

            AppResult byGetter = run(withAgent(jdk, policyWith(""), otlp).main(NativeApp.class, "unsafe-get"));
            assertDenied(byGetter, "java.lang.SecurityException", "access to sun.misc.Unsafe (getUnsafe()) by " + NativeApp.class.getName());
            AppResult getterAllowed = run(withAgent(jdk, policyWith("native: { unsafe: true }\n"), otlp).main(NativeApp.class, "unsafe-get"));
            assertThat(getterAllowed.line()).as("what the JDK itself answers").isEqualTo(run(plain(jdk).main(NativeApp.class, "unsafe-get")).line());
        }
    }

    @BothJdks
    void clearingAHooksFieldWithUnsafeDoesNotSwitchEnforcementOff(Jdk jdk) throws Exception {
        Path marker = tmp.resolve("touched");
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            // the door that decides, and the scope door every decision reads
            for (String door : List.of("dev.warden.bootstrap.ProcessBridge", "dev.warden.bootstrap.ScopeBridge")) {
                for (String failure : List.of("closed", "open")) {
                    AppResult tampered = run(withAgent(jdk, policyWith("native: { unsafe: true }\n"), otlp, "failure=" + failure)
                            .main(NativeApp.class, "unsafe-clear-then-exec", door, marker.toString()));
                    assertDenied(tampered, "java.io.IOException", "process start");
                    assertThat(tampered.msg()).as(door + ", failure=" + failure).contains("Warden's state was changed from outside");
                    assertThat(Files.exists(marker)).as("touch never ran").isFalse();
                }
            }
        }
    }

    @BothJdks
    void clearingSelfProtectionsHooksWithUnsafeDoesNotOpenWardensClassesToReflection(Jdk jdk) throws Exception {
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            AppResult tampered = run(withAgent(jdk, policyWith("native: { unsafe: true }\n"), otlp, "failure=open")
                    .main(NativeApp.class, "unsafe-clear-then-reflect", "dev.warden.bootstrap.SelfProtectionBridge"));
            assertDenied(tampered, "java.lang.reflect.InaccessibleObjectException", "reflective access to dev.warden.bootstrap.BridgeGate");
            assertThat(tampered.msg()).contains("Warden's state was changed from outside");
        }
    }

    @Test
    void checkNativeAnswersForLibrariesFfmAndUnsafe() throws Exception {
        AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());
        Path policy = policyWith("native:\n  libraries: [\"" + library.getParent() + "/*.so\"]\n  unsafe: true\n");

        AgentJarCommands.Outcome loaded = cli.exec("check", "--policy", policy.toString(), "native", "--library", library.toString());
        assertThat(loaded.exitCode()).as(loaded.output()).isZero();
        assertThat(loaded.output()).startsWith("allowed: load of native library " + library).contains("rule:   native.libraries[0]");

        AgentJarCommands.Outcome other = cli.exec("check", "--policy", policy.toString(), "native", "--library", "/usr/lib/libfoo.so");
        assertThat(other.exitCode()).as(other.output()).isEqualTo(1);
        assertThat(other.output()).contains("rule:   default-deny", "reason: no native.libraries glob matches /usr/lib/libfoo.so");

        AgentJarCommands.Outcome ffm = cli.exec("check", "--policy", policy.toString(), "native", "--ffm");
        assertThat(ffm.exitCode()).as(ffm.output()).isEqualTo(1);
        assertThat(ffm.output()).startsWith("denied: FFM restricted methods");
        AgentJarCommands.Outcome unsafe = cli.exec("check", "--policy", policy.toString(), "native", "--unsafe");
        assertThat(unsafe.exitCode()).as(unsafe.output()).isZero();
        assertThat(unsafe.output()).contains("rule:   native.unsafe (unsafe: true)");

        AgentJarCommands.Outcome both = cli.exec("check", "--policy", policy.toString(), "native", "--ffm", "--unsafe");
        assertThat(both.exitCode()).as(both.output()).isEqualTo(2);
    }

    @BothJdks
    void learnModeRecordsNativeLoadsAndPolicySuggestAllowsThem(Jdk jdk) throws Exception {
        AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());
        Path log = tmp.resolve("learn-audit.log");
        AppResult learned = run(ForkedJvm.on(jdk).agentPolicy(policy("policy: learning\nmode: learn\n"), "audit=" + log)
                .env("OTEL_TRACES_EXPORTER", "none").main(NativeApp.class, "load", library.toString()));
        assertThat(learned.line()).as(learned.context()).isEqualTo("RESULT ok answer=42");

        Path suggested = tmp.resolve("suggested.yaml");
        cli.run("policy", "suggest", log.toString(), "--name", "learned", "--out", suggested.toString());
        // written with the app's path variables: the library lies under the working directory
        assertThat(Files.readString(suggested)).contains("native:\n  libraries:\n    - \"${user.dir}/target/native-it/libwardenit.so\"\n");

        AppResult enforced = run(ForkedJvm.on(jdk).agentPolicy(suggested).env("OTEL_TRACES_EXPORTER", "none")
                .main(NativeApp.class, "load", library.toString()));
        assertThat(enforced.line()).as(enforced.context()).isEqualTo("RESULT ok answer=42");
    }
}
