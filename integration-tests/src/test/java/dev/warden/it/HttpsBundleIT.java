package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.HelloApp;
import dev.warden.it.apps.HttpClientApp;
import dev.warden.it.apps.PollingApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.BundleHttpsServer;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.PolicyFile;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.TestTls;
import dev.warden.it.harness.WardenAgent;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * bundle=https://...: downloaded at startup, then polled with If-None-Match from a real loopback
 * HTTPS server with a test certificate. The app's policy never allows the bundle server: the
 * reload traffic is Warden's own.
 */
class HttpsBundleIT extends AgentTestSupport {

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());
    private final TestTls tls = TestTls.generate();

    private Path trust;
    private Path state;
    private Path key;
    private Map<String, String> trustStore;

    @BeforeEach
    void operatorKeys() throws IOException {
        trust = Files.createDirectories(tmp.resolve("trust"));
        state = tmp.resolve("state");
        key = cli.keygen(tmp, "ops");
        Files.copy(tmp.resolve("ops.pub"), trust.resolve("ops.pub"));
        trustStore = tls.trustStoreProps(Files.createDirectories(tmp.resolve("tls")));
    }

    private byte[] bundle(String name, int revision, boolean signed, String... rules) throws IOException {
        Path source = Files.createDirectories(tmp.resolve("src-" + name + "-" + revision + (signed ? "" : "-unsigned")));
        PolicyFile.write(source, "policy.yaml", PolicyFile.egress(POLICY, "enforce", rules));
        Path bundle = source.resolveSibling(source.getFileName() + ".wbundle");
        cli.run("bundle", "build", source.toString(), "--name", name, "--revision", Integer.toString(revision),
                "--out", bundle.toString());
        if (signed) {
            cli.run("bundle", "sign", bundle.toString(), "--key", key.toString());
        }
        return Files.readAllBytes(bundle);
    }

    private ForkedJvm.Builder withBundleUrl(String url, String... moreOptions) {
        String options = "bundle=" + url + ",trust=" + trust + ",state=" + state
                + (moreOptions.length == 0 ? "" : "," + String.join(",", moreOptions));
        return ForkedJvm.on(Jdk.JDK17).agent(options).sysProps(trustStore);
    }

    @Test
    void aBundleServedOverHttpsIsEnforcedFromStartup() throws Exception {
        try (BundleHttpsServer bundles = new BundleHttpsServer(tls); RecordingHttpServer app = RecordingHttpServer.http()) {
            bundles.serve(bundle("remote", 1, true, "to: \"127.0.0.1:" + app.port() + "\"\nhttp: { methods: [GET], paths: [\"/ok/**\"] }"));
            String url = bundles.url("/bundles/remote.wbundle");

            ForkedJvm.Result r = withBundleUrl(url, "reload=0")
                    .main(HttpClientApp.class, "send", "GET", app.url("/ok/remote"), "HTTP_1_1").run();

            assertThat(r.result().outcome()).as(r.describe()).isEqualTo("ok");
            assertThat(r.stderrLines()).as(r.describe()).singleElement().asString()
                    .startsWith("[warden] enforcing bundle \"remote\" revision 1 signed by ").contains(url);
            assertThat(state.resolve("downloads").resolve("remote.wbundle")).exists();
            assertThat(bundles.requests()).isEqualTo(1);
        }
    }

    @Test
    void aNewRevisionIsPolledWithETagsAndABadOneServedInBetweenKeepsTheLastGood() throws Exception {
        try (BundleHttpsServer bundles = new BundleHttpsServer(tls); RecordingHttpServer app = RecordingHttpServer.http()) {
            String to = "to: \"127.0.0.1:" + app.port() + "\"\n";
            bundles.serve(bundle("reload", 1, true, to + "http: { methods: [GET], paths: [\"/ok/**\"] }"));
            byte[] revision2 = bundle("reload", 2, true, to + "http: { methods: [GET], paths: [\"/ok/**\", \"/new/**\"] }");
            byte[] unsignedRevision3 = bundle("reload", 3, false, "to: \"*\"");

            // the operator acts on events, never after a time: once the app was denied under revision 1 and a poll
            // of it was answered 304, it serves the unsigned revision; once that was refused and the app denied
            // again, revision 2
            ForkedJvm.Running running = withBundleUrl(bundles.url("/bundles/reload.wbundle"), "reload=1")
                    .timeout(Duration.ofSeconds(120))
                    .main(PollingApp.class, app.url("/new/path"), "100000", "50").start();
            Predicate<String> deniedNewPath = line -> line.startsWith("[warden] warden: denied GET") && line.contains("/new/path");
            int firstDenial = running.awaitStderrLine("a denial under revision 1", deniedNewPath, 0);
            Awaitility.await("a poll of revision 1 answered 304").atMost(Duration.ofSeconds(60))
                    .until(() -> bundles.notModified() > 0);
            bundles.serve(unsignedRevision3);   // refused: the app stays denied
            int refusal = running.awaitStderrLine("the refusal of the unsigned revision",
                    line -> line.startsWith("[warden] WARNING reload refused"), firstDenial + 1);
            running.awaitStderrLine("a denial after the refusal", deniedNewPath, refusal + 1);
            bundles.serve(revision2);           // accepted: the app's next try goes through
            ForkedJvm.Result r = running.finish();

            BundleIT.assertDeniedUntilRevision2AfterRefusingAnUnsignedOne(r);
            assertThat(r.wardenLines()).as("Warden's own reload traffic is never denied\n%s", r.describe())
                    .noneSatisfy(l -> assertThat(l).contains("denied").contains(Integer.toString(bundles.port())));
            assertThat(bundles.notModified()).as("polls answered 304 (If-None-Match sent)\n%s", r.describe()).isGreaterThan(0);
            assertThat(app.requests()).extracting(RecordingHttpServer.Request::path).containsExactly("/new/path");
        }
    }

    @Test
    void theAppItselfCannotReachTheBundleServer() throws Exception {
        try (BundleHttpsServer bundles = new BundleHttpsServer(tls)) {
            bundles.serve(bundle("own", 1, true, "to: \"127.0.0.1:9\""));
            String url = bundles.url("/bundles/own.wbundle");

            ForkedJvm.Result r = withBundleUrl(url).main(HttpClientApp.class, "send", "GET", url, "HTTP_1_1").run();

            assertDenied(r.result(), CONNECT_EXCEPTION, "127.0.0.1:" + bundles.port());
            assertThat(bundles.requests()).as("only Warden's startup download reached it").isEqualTo(1);
        }
    }

    @Test
    void anUnreachableBundleUrlStopsTheJvmAtStartup() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        String url = "https://127.0.0.1:" + closedPort + "/bundles/gone.wbundle";

        String fatal = StartupIT.assertFatal(withBundleUrl(url).main(HelloApp.class).run());

        assertThat(fatal).contains("could not download " + url);
    }

    @Test
    void aPlainHttpBundleUrlIsRefused() throws Exception {
        try (RecordingHttpServer plain = RecordingHttpServer.http()) {
            String fatal = StartupIT.assertFatal(withBundleUrl(plain.url("/bundles/plain.wbundle")).main(HelloApp.class).run());

            assertThat(fatal).contains("must be https://").contains("TLS required");
            assertThat(plain.requests()).isEmpty();
        }
    }
}
