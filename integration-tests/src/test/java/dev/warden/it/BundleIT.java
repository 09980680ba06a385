package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.HelloApp;
import dev.warden.it.apps.HttpClientApp;
import dev.warden.it.apps.LogManagerApp;
import dev.warden.it.apps.PluginReloadApp;
import dev.warden.it.apps.PollingApp;
import dev.warden.it.apps.TrafficApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.PolicyFile;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.WardenAgent;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/** bundle=: an operator's signed bundle, as built with the agent jar's own commands, at startup. */
class BundleIT extends AgentTestSupport {

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());

    private Path trust;
    private Path state;
    private Path key;

    private void operatorKeys() throws IOException {
        trust = Files.createDirectories(tmp.resolve("trust"));
        state = tmp.resolve("state");
        key = cli.keygen(tmp, "ops");
        Files.copy(tmp.resolve("ops.pub"), trust.resolve("ops.pub"));
    }

    /** bundle build + sign, as the README's operator loop does. */
    private Path signedBundle(String name, int revision, String... rules) throws IOException {
        return signedPolicy(name, revision, PolicyFile.egress(POLICY, "enforce", rules));
    }

    private Path signedPolicy(String name, int revision, String policy) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src-" + name + "-" + revision));
        PolicyFile.write(source, "policy.yaml", policy);
        Path bundle = tmp.resolve(name + "-" + revision + ".wbundle");
        cli.run("bundle", "build", source.toString(), "--name", name, "--revision", Integer.toString(revision),
                "--out", bundle.toString());
        cli.run("bundle", "sign", bundle.toString(), "--key", key.toString());
        return bundle;
    }

    private ForkedJvm.Builder withBundle(Jdk jdk, Path bundle, OtlpReceiver otlp) {
        ForkedJvm.Builder builder = ForkedJvm.on(jdk).agent("bundle=" + bundle + ",trust=" + trust + ",state=" + state);
        return otlp == null ? builder : builder.otlp(otlp);
    }

    @BothJdks
    void aSignedBundleIsEnforcedAndAnnouncedWithItsRevisionAndSigner(Jdk jdk) throws Exception {
        operatorKeys();
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path bundle = signedBundle("support-bot", 3, "to: \"127.0.0.1:" + server.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\"] }");

            ForkedJvm.Result allowed = withBundle(jdk, bundle, otlp)
                    .main(HttpClientApp.class, "send", "GET", server.url("/ok/bundle"), "HTTP_1_1").run();
            AppResult denied = run(withBundle(jdk, bundle, otlp)
                    .main(HttpClientApp.class, "send", "GET", server.url("/secret"), "HTTP_1_1"));

            assertThat(allowed.result().outcome()).as(allowed.describe()).isEqualTo("ok");
            assertThat(allowed.stderrLines()).as("one line, no unsigned warning\n%s", allowed.describe())
                    .singleElement().asString()
                    .startsWith("[warden] enforcing bundle \"support-bot\" revision 3 signed by ")
                    .contains("mode enforce");
            assertDenied(denied, CONNECT_EXCEPTION, "/secret");
            assertThat(server.requests()).extracting(RecordingHttpServer.Request::path).containsExactly("/ok/bundle");
            ReceivedSpan span = otlp.awaitSpan("allowed GET", s -> s.name().equals("GET") && "allow".equals(s.str("warden.decision")));
            assertThat(span.lng("warden.bundle.revision")).isEqualTo(3L);
            assertThat(span.str("warden.policy")).isEqualTo(POLICY);
            assertThat(span.str("gen_ai.security.policy.id")).as("the GenAI security conventions' policy attribution").isEqualTo(POLICY);
            assertThat(span.str("gen_ai.security.policy.version")).isEqualTo("3");
            assertThat(span.str("gen_ai.security.policy.rule.id")).isEqualTo("egress[0]");
            assertThat(span.str("gen_ai.security.verdict.type")).isEqualTo("allow");
            assertThat(span.str("gen_ai.security.action.type")).isEqualTo("allow");
        }
    }

    /**
     * Verifying the bundle's signature leaves {@code java.util.logging} alone: an app that picks its
     * own log manager in main (as application servers do) gets it. Bouncy Castle's services log
     * through {@code java.util.logging}; were its logger made in premain, the JDK's manager would be
     * fixed before the app's main and the app would report {@code java.util.logging.LogManager}.
     */
    @BothJdks
    void theAppStillChoosesItsOwnLogManagerAfterTheBundleIsVerified(Jdk jdk) throws Exception {
        operatorKeys();
        Path bundle = signedBundle("logging", 1, "to: \"127.0.0.1:1\"");

        ForkedJvm.Result r = withBundle(jdk, bundle, null).main(LogManagerApp.class).run();

        assertThat(r.result().outcome()).as(r.describe()).isEqualTo("ok");
        assertThat(r.result().get("manager")).as(r.describe()).isEqualTo(LogManagerApp.AppLogManager.class.getName());
    }

    @Test
    void anUnsignedBundleIsRefusedWhateverElseIsConfigured() throws Exception {
        operatorKeys();
        Path source = Files.createDirectories(tmp.resolve("unsigned"));
        PolicyFile.write(source, "policy.yaml", PolicyFile.egress(POLICY, "enforce", "to: \"127.0.0.1:9\""));
        Path bundle = tmp.resolve("unsigned.wbundle");
        cli.run("bundle", "build", source.toString(), "--name", "unsigned", "--revision", "1", "--out", bundle.toString());

        String fatal = StartupIT.assertFatal(withBundle(Jdk.JDK17, bundle, null).main(HelloApp.class).run());

        assertThat(fatal).contains("unsigned.wbundle").contains("not signed");
    }

    @Test
    void aBundleSignedByAKeyOutsideTheTrustDirectoryIsRefused() throws Exception {
        operatorKeys();
        Path bundle = signedBundle("other", 1, "to: \"127.0.0.1:9\"");
        Files.delete(trust.resolve("ops.pub"));
        cli.keygen(tmp, "someone-else");
        Files.copy(tmp.resolve("someone-else.pub"), trust.resolve("someone-else.pub"));

        String fatal = StartupIT.assertFatal(withBundle(Jdk.JDK17, bundle, null).main(HelloApp.class).run());

        assertThat(fatal).contains("other-1.wbundle").contains("not signed by any trusted key");
    }

    @Test
    void oneByteChangedInTheSignedPolicyIsRefused() throws Exception {
        operatorKeys();
        Path bundle = signedBundle("tampered", 1, "to: \"127.0.0.1:9\"");
        Path tampered = rewriteEntry(bundle, "policy.yaml", text -> text.replace("127.0.0.1:9", "127.0.0.1:8"));

        String fatal = StartupIT.assertFatal(withBundle(Jdk.JDK17, tampered, null).main(HelloApp.class).run());

        assertThat(fatal).contains("policy.yaml").contains("does not match the manifest");
    }

    @Test
    void anOlderRevisionIsRefusedOnceANewerOneWasEnforced() throws Exception {
        operatorKeys();
        Path newer = signedBundle("rollback", 5, "to: \"127.0.0.1:9\"");
        Path older = signedBundle("rollback", 4, "to: \"*:443\"");
        StartupIT.assertStartedWithBundle(withBundle(Jdk.JDK17, newer, null).main(HelloApp.class).run(), "rollback");

        String fatal = StartupIT.assertFatal(withBundle(Jdk.JDK17, older, null).main(HelloApp.class).run());

        assertThat(fatal).contains("revision 4 is older than the accepted revision 5");
    }

    @Test
    void aBundleWithoutATrustDirectoryIsRefused() throws Exception {
        operatorKeys();
        Path bundle = signedBundle("no-trust", 1, "to: \"127.0.0.1:9\"");

        String fatal = StartupIT.assertFatal(ForkedJvm.on(Jdk.JDK17).agent("bundle=" + bundle).main(HelloApp.class).run());

        assertThat(fatal).contains("needs trust=DIR");
    }

    /** A copy of the bundle with one entry's text changed, everything else byte for byte. */
    private Path rewriteEntry(Path bundle, String entryName, java.util.function.UnaryOperator<String> change) throws IOException {
        Path copy = tmp.resolve("tampered-" + bundle.getFileName());
        try (ZipFile in = new ZipFile(bundle.toFile()); OutputStream file = Files.newOutputStream(copy);
                ZipOutputStream out = new ZipOutputStream(file)) {
            Enumeration<? extends ZipEntry> entries = in.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                byte[] content = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals(entryName)) {
                    content = change.apply(new String(content, java.nio.charset.StandardCharsets.UTF_8))
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return copy;
    }

    @Test
    void aNewRevisionReplacesThePolicyWithoutRestartAndABadOneKeepsTheLastGood() throws Exception {
        operatorKeys();
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            String oldRule = "to: \"127.0.0.1:" + server.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\"] }";
            String newRule = "to: \"127.0.0.1:" + server.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\", \"/new/**\"] }";
            Path live = tmp.resolve("live.wbundle");
            Files.copy(signedBundle("reload", 1, oldRule), live);
            Path revision2 = signedBundle("reload", 2, newRule);
            Path unsignedRevision3 = tmp.resolve("unsigned-3.wbundle");
            Path source = Files.createDirectories(tmp.resolve("src-unsigned-3"));
            PolicyFile.write(source, "policy.yaml", PolicyFile.egress(POLICY, "enforce", "to: \"*\""));
            cli.run("bundle", "build", source.toString(), "--name", "reload", "--revision", "3", "--out", unsignedRevision3.toString());

            // the operator acts on what the app's JVM prints, never after a time: it ships the unsigned revision once
            // the app was denied under revision 1, and revision 2 once that one was refused and the app denied again
            ForkedJvm.Running app = ForkedJvm.on(Jdk.JDK17)
                    .agent("bundle=" + live + ",trust=" + trust + ",state=" + state + ",reload=1")
                    .timeout(java.time.Duration.ofSeconds(120))
                    .main(PollingApp.class, server.url("/new/path"), "100000", "50").start();
            java.util.function.Predicate<String> deniedNewPath = line -> line.startsWith("[warden] warden: denied GET")
                    && line.contains("/new/path");
            int firstDenial = app.awaitStderrLine("a denial under revision 1", deniedNewPath, 0);
            replace(unsignedRevision3, live);   // refused: the app stays denied
            int refusal = app.awaitStderrLine("the refusal of the unsigned revision",
                    line -> line.startsWith("[warden] WARNING reload refused"), firstDenial + 1);
            app.awaitStderrLine("a denial after the refusal", deniedNewPath, refusal + 1);
            replace(revision2, live);           // accepted: the app's next try goes through
            ForkedJvm.Result r = app.finish();

            assertDeniedUntilRevision2AfterRefusingAnUnsignedOne(r);
            assertThat(server.requests()).extracting(RecordingHttpServer.Request::path).containsExactly("/new/path");
        }
    }

    @BothJdks
    void aRevisionThatPutsALoadedClassInACodeSegmentNarrowsItFromTheNextCall(Jdk jdk) throws Exception {
        operatorKeys();
        Path file = Files.writeString(tmp.resolve("notes.txt"), "my notes");
        String files = """
                policy: %s
                mode: enforce
                egress: []
                files:
                  - path: "%s/**"
                    allow: [read]
                """.formatted(POLICY, tmp);
        Path live = tmp.resolve("live.wbundle");
        Files.copy(signedPolicy("plugins", 1, files), live);
        Path revision2 = signedPolicy("plugins", 2, files + """
                segments:
                  - code: "dev.warden.it.apps.plugins.**"
                    files: []
                """);

        ForkedJvm.Running app = ForkedJvm.on(jdk)
                .agent("bundle=" + live + ",trust=" + trust + ",state=" + state + ",reload=1")
                .env("OTEL_TRACES_EXPORTER", "none")
                .timeout(java.time.Duration.ofSeconds(120))
                .main(PluginReloadApp.class, file.toString(), "100000", "20").start();
        app.awaitStderrLine("the plugin's first read, under revision 1", line -> line.equals("[app] the plugin read the file"), 0);
        replace(revision2, live);
        ForkedJvm.Result r = app.finish();

        assertThat(r.results()).as(r.describe()).hasSize(2);
        assertDenied(r.results().get(0), ToolScopesIT.FILE_DENIED, file.toString());
        assertThat(r.results().get(0).msg()).as(r.describe()).contains("code dev.warden.it.apps.plugins.**");
        assertThat(r.results().get(1).line()).as("the app's own read\n%s", r.describe())
                .isEqualTo("RESULT ok step=app content=my%20notes");
    }

    @Test
    void reloadsUnderConcurrentTrafficNeitherBreakACallNorDeadlock() throws Exception {
        operatorKeys();
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            String rule = "to: \"127.0.0.1:" + server.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\"] }";
            Path stop = tmp.resolve("stop-traffic");
            // the app looks for its stop file at every call: the one file it may look at
            String policy = PolicyFile.egress(POLICY, "enforce", rule) + "files:\n  - path: \"" + stop + "\"\n    allow: [stat]\n";
            Path live = tmp.resolve("live.wbundle");
            Files.copy(signedPolicy("traffic", 1, policy), live);
            List<Path> next = new java.util.ArrayList<>();
            for (int revision = 2; revision <= 6; revision++) {
                next.add(signedPolicy("traffic", revision, policy));
            }
            // the app's 16 threads call until the stop file exists; the operator ships each revision once the traffic
            // runs and the one before was reloaded, on events, never after a time
            ForkedJvm.Running app = ForkedJvm.on(Jdk.JDK17)
                    .agent("bundle=" + live + ",trust=" + trust + ",state=" + state + ",reload=1")
                    .timeout(java.time.Duration.ofSeconds(120))
                    .main(TrafficApp.class, server.url("/ok/traffic"), "16", "0", stop.toString()).start();
            org.awaitility.Awaitility.await("the app's traffic").atMost(java.time.Duration.ofSeconds(60))
                    .until(() -> server.requestCount() > 0);
            int after = 0;
            for (int revision = 2; revision <= 6; revision++) {
                replace(next.get(revision - 2), live);
                String reloaded = "[warden] reloaded bundle \"traffic\" revision " + revision + " ";
                after = app.awaitStderrLine("the reload of revision " + revision, line -> line.startsWith(reloaded), after) + 1;
            }
            Files.writeString(stop, "");
            ForkedJvm.Result r = app.finish();

            assertThat(r.timedOut()).as("no deadlock\n%s", r.describe()).isFalse();
            assertThat(r.result().line()).as(r.describe()).matches("RESULT ok calls=\\d+ failed=0");
            assertThat(r.wardenLines()).as(r.describe()).filteredOn(l -> l.startsWith("[warden] reloaded bundle \"traffic\""))
                    .hasSize(5);
            assertThat(server.requestCount()).as(r.describe())
                    .isEqualTo(Integer.parseInt(r.result().line().replaceAll(".* calls=(\\d+) .*", "$1")));
        }
    }

    @Test
    void aHostMayRelaxToAuditOnlyWhereTheSignedPolicyPermitsItAndSaysSoLoudly() throws Exception {
        operatorKeys();
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            String rule = "to: \"127.0.0.1:" + server.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\"] }";
            Path source = Files.createDirectories(tmp.resolve("src-relaxable"));
            PolicyFile.write(source, "policy.yaml", PolicyFile.egress(POLICY, "enforce", rule) + "mode_override: [audit]\n");
            Path relaxable = tmp.resolve("relaxable.wbundle");
            cli.run("bundle", "build", source.toString(), "--name", "relaxable", "--revision", "1", "--out", relaxable.toString());
            cli.run("bundle", "sign", relaxable.toString(), "--key", key.toString());
            Path strict = signedBundle("strict", 1, rule);

            ForkedJvm.Result relaxed = ForkedJvm.on(Jdk.JDK17)
                    .agent("bundle=" + relaxable + ",trust=" + trust + ",state=" + state + ",mode=audit")
                    .main(HttpClientApp.class, "send", "GET", server.url("/secret"), "HTTP_1_1").run();
            String refused = StartupIT.assertFatal(ForkedJvm.on(Jdk.JDK17)
                    .agent("bundle=" + strict + ",trust=" + trust + ",state=" + state + ",mode=audit")
                    .main(HelloApp.class).run());

            assertThat(relaxed.result().outcome()).as("audit blocks nothing\n%s", relaxed.describe()).isEqualTo("ok");
            assertThat(relaxed.wardenLines()).as(relaxed.describe())
                    .anySatisfy(l -> assertThat(l).startsWith("[warden] WARNING LOCAL OVERRIDE: mode audit instead of the policy's enforce"))
                    .anySatisfy(l -> assertThat(l).startsWith("[warden] auditing bundle \"relaxable\" revision 1").contains("mode audit"));
            assertThat(refused).contains("mode=audit (agent argument) is refused: policy \"" + POLICY + "\" does not permit");
        }
    }

    /**
     * A {@link PollingApp} run across two reloads: an unsigned revision 3 refused (revision 1 kept),
     * then revision 2 taken, after which the polled URL is allowed.
     */
    static void assertDeniedUntilRevision2AfterRefusingAnUnsignedOne(ForkedJvm.Result r) {
        assertThat(r.result().outcome()).as(r.describe()).isEqualTo("ok");
        assertThat(Integer.parseInt(r.result().get("attempts"))).as("denied until the reload").isGreaterThan(1);
        assertThat(r.wardenLines()).as(r.describe())
                .anySatisfy(l -> assertThat(l).startsWith("[warden] WARNING reload refused, still enforcing revision 1:")
                        .contains("not signed"))
                .anySatisfy(l -> assertThat(l).startsWith("[warden] reloaded bundle \"reload\" revision 2 signed by ")
                        .endsWith("(was revision 1)"));
    }

    /** How an operator ships a file: write it beside, then move it over the live one in one step. */
    private static void replace(Path next, Path live) throws IOException {
        Path staged = live.resolveSibling(live.getFileName() + ".next");
        Files.copy(next, staged, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Files.move(staged, live, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
