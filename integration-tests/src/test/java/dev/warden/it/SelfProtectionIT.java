package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.HelloApp;
import dev.warden.it.apps.HostileAgent;
import dev.warden.it.apps.SelfProtectionApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/** App code cannot switch Warden off through reflection or a second agent, and risky JVM flags are called out. */
class SelfProtectionIT extends AgentTestSupport {

    @BothJdks
    void reflectionIntoTheBridgeIsDeniedWhileTheAppsOwnReflectionWorks(Jdk jdk) throws Exception {
        Path log = tmp.resolve("audit.log");
        AppResult r = run(ForkedJvm.on(jdk).agentPolicy(enforce(), "audit=" + log).env("OTEL_TRACES_EXPORTER", "none")
                .main(SelfProtectionApp.class, "reflect"));

        assertThat(r.outcome()).as(r.context()).isEqualTo("ok");
        assertThat(r.get("own")).isEqualTo("own");
        assertThat(r.get("setAccessible")).startsWith("java.lang.reflect.InaccessibleObjectException: warden: denied reflective access to "
                + "dev.warden.bootstrap.WardenBridge from dev.warden.it.apps.SelfProtectionApp");
        assertThat(r.get("trySetAccessible")).isEqualTo("java.lang.IllegalStateException: refused");
        assertThat(r.get("privateLookupIn")).startsWith("java.lang.IllegalAccessException: warden: denied reflective access");
        // each refusal is in the audit log like any other denial
        assertThat(Files.readAllLines(log)).filteredOn(line -> line.contains("\"kind\":\"self-protection\""))
                .hasSizeGreaterThanOrEqualTo(3)
                .allMatch(line -> line.contains("\"action\":\"reflect\"") && line.contains("\"decision\":\"deny\",\"rule\":\"self-protection\""))
                .anyMatch(line -> line.contains("\"target\":\"dev.warden.bootstrap.WardenBridge\""));
    }

    /**
     * An agent started after Warden runs its transformers after Warden's: a retransformation of a JDK
     * class carrying Warden's checks goes on without that class (the rest of the batch is retransformed),
     * Warden's own classes are refused, and the checks hold.
     */
    @BothJdks
    void anAgentAfterWardenCannotRetransformHookedOrWardenClassesButItsOwn(Jdk jdk) throws Exception {
        Path hostile = hostileAgentJar();
        int deniedPort = 9;

        AppResult without = run(plain(jdk).jvmArg("-javaagent:" + hostile).main(SelfProtectionApp.class, "retransform", "" + deniedPort));
        ForkedJvm.Builder after = agent(jdk).jvmArg("-javaagent:" + hostile).main(SelfProtectionApp.class, "retransform", "" + deniedPort);
        AppResult with = run(after);

        assertThat(without.get("hookedJdkClass")).as(without.context()).isEqualTo("ok");
        assertThat(without.get("agentSawHookedClass")).as(without.context()).isEqualTo("true");
        assertThat(with.get("own")).as(with.context()).isEqualTo("ok");
        assertThat(with.get("hookedJdkClass")).as("the batch goes on without the hooked class\n%s", with.context()).isEqualTo("ok");
        assertThat(with.get("agentSawHookedClass")).as(with.context()).isEqualTo("false");
        assertThat(with.get("bridge")).as(with.context()).startsWith("java.lang.instrument.UnmodifiableClassException: warden: denied "
                + "retransformation of dev.warden.bootstrap.WardenBridge");
        assertThat(with.get("connect")).as("the checks are still in sun.nio.ch.Net\n%s", with.context()).contains("warden: denied");
        assertThat(with.context()).contains("[warden] warden: denied retransformation of sun.nio.ch.Net by dev.warden.it.apps.SelfProtectionApp:"
                + " an agent started after Warden (dev.warden.it.apps.HostileAgent) could take Warden's checks out of it;"
                + " it is left out, the rest of the batch is retransformed (an agent listed before Warden may retransform it) [rule self-protection]");
    }

    /**
     * The transformers of an agent started before Warden run before Warden's, which re-weaves its checks
     * into whatever they return: that agent retransforms the hooked JDK classes as it likes (here it
     * returns the pristine class file) and the checks hold; Warden's own classes stay refused.
     */
    @BothJdks
    void anAgentBeforeWardenRetransformsHookedClassesAndTheChecksHold(Jdk jdk) throws Exception {
        Path hostile = hostileAgentJar();
        int deniedPort = 9;

        AppResult with = run(ForkedJvm.on(jdk).jvmArg("-javaagent:" + hostile).agentPolicy(enforce()).env("OTEL_TRACES_EXPORTER", "none")
                .main(SelfProtectionApp.class, "retransform", "" + deniedPort));

        assertThat(with.get("hookedJdkClass")).as(with.context()).isEqualTo("ok");
        assertThat(with.get("agentSawHookedClass")).as(with.context()).isEqualTo("true");
        assertThat(with.get("connect")).as("Warden wove its checks again after the agent's transformer\n%s", with.context())
                .contains("warden: denied");
        assertThat(with.get("bridge")).as(with.context()).startsWith("java.lang.instrument.UnmodifiableClassException: warden: denied "
                + "retransformation of dev.warden.bootstrap.WardenBridge");
        assertThat(with.context()).doesNotContain("denied retransformation of sun.nio.ch.Net");
    }

    @BothJdks
    void settingsThatLetCodeUndoWardenAreWarnedAboutAtStartup(Jdk jdk) {
        ForkedJvm.Result risky = agent(jdk)
                .jvmArg("--add-opens=java.base/java.lang=ALL-UNNAMED").jvmArg("-Djdk.attach.allowAttachSelf=true")
                .main(HelloApp.class).run();
        ForkedJvm.Result plainFlags = agent(jdk).main(HelloApp.class).run();

        assertThat(risky.wardenLines()).as(risky.describe())
                .anyMatch(line -> line.contains("self-protection: --add-opens") && line.contains("java.base/java.lang=ALL-UNNAMED opens java.base"))
                .anyMatch(line -> line.contains("self-protection: -Djdk.attach.allowAttachSelf lets the app attach an agent to itself"));
        assertThat(plainFlags.wardenLines()).as(plainFlags.describe()).noneMatch(line -> line.contains("self-protection"));
        assertThat(plainFlags.wardenLines()).as(plainFlags.describe()).anyMatch(line -> line.startsWith("[warden] enforcing policy")
                && line.contains("; containment: add " + String.join(" ", containment(jdk)) + " (") && line.endsWith("strict=true requires them)"));
    }

    @BothJdks
    void strictRefusesToStartWithoutTheLauncherSettingsThatContainWhatAnAgentCannot(Jdk jdk) throws Exception {
        ForkedJvm.Result refused = ForkedJvm.on(jdk).agentPolicy(enforce(), "strict=true").env("OTEL_TRACES_EXPORTER", "none")
                .main(HelloApp.class).run();
        // strict also takes away the JVM's built-in file allowances: the policy lets the app read its own classes
        Path readsItsClasses = policy("policy: " + POLICY + "\nfiles:\n  - path: \"" + ForkedJvm.testClassesDir()
                + "/**\"\n    allow: [read, list]\n");
        ForkedJvm.Builder contained = ForkedJvm.on(jdk).agentPolicy(readsItsClasses, "strict=true").env("OTEL_TRACES_EXPORTER", "none");
        containment(jdk).forEach(contained::jvmArg);
        ForkedJvm.Result started = contained.main(HelloApp.class).run();

        assertThat(refused.exitCode()).as(refused.describe()).isEqualTo(78);
        assertThat(refused.wardenLines()).as(refused.describe()).anyMatch(line -> line.startsWith("[warden] FATAL")
                && line.contains("strict=true needs the launcher settings") && line.contains(String.join(" ", containment(jdk))));
        assertThat(refused.stdout()).doesNotContain(HelloApp.MAIN_RAN);
        assertThat(started.exitCode()).as(started.describe()).isZero();
        assertThat(started.stdout()).contains(HelloApp.MAIN_RAN);
        assertThat(started.wardenLines()).noneMatch(line -> line.contains("containment:"));
    }

    /** What contains native code, Unsafe and later agents on this JDK (the README's line). */
    static List<String> containment(Jdk jdk) {
        return jdk.feature() >= 24
                ? List.of("-XX:-EnableDynamicAgentLoading", "--illegal-native-access=deny", "--sun-misc-unsafe-memory-access=deny")
                : List.of("-XX:-EnableDynamicAgentLoading");
    }

    private ForkedJvm.Builder agent(Jdk jdk) {
        return ForkedJvm.on(jdk).agentPolicy(enforce()).env("OTEL_TRACES_EXPORTER", "none");
    }

    /** A jar with only a manifest: its Premain-Class is on the app's class path. */
    private Path hostileAgentJar() throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", HostileAgent.class.getName());
        manifest.getMainAttributes().putValue("Can-Retransform-Classes", "true");
        manifest.getMainAttributes().putValue("Can-Redefine-Classes", "true");
        Path jar = tmp.resolve("hostile-agent.jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream ignored = new JarOutputStream(out, manifest)) {
            // the manifest is the whole jar
        }
        return jar;
    }
}
