package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.PollingApp;
import dev.warden.it.apps.TrafficApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.WardenAgent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code audit report} on a log the agent wrote, opened in a real headless Chromium (Debian's
 * package, which {@code .ci/run} installs): the page's script ran and drew the timeline, the
 * destinations and the denials.
 */
class AuditReportIT extends AgentTestSupport {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());

    @Test
    void theReportRendersTheDecisionsInABrowser() throws Exception {
        assertThat(CHROMIUM).as("Chromium (apt-get install chromium; .ci/run installs it)").isExecutable();
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            Path log = tmp.resolve("audit.log");
            run(agent(server, log).main(TrafficApp.class, server.url("/ok/report"), "4", "5"));
            run(agent(server, log).main(PollingApp.class, server.url("/denied/report"), "3", "0"));
            Path page = tmp.resolve("report.html");

            String written = cli.run("audit", "report", log.toString(), "--out", page.toString());
            String dom = chromium("--dump-dom", page.toUri().toString());

            assertThat(written).contains("chain intact");
            assertThat(dom).contains("data-rendered=\"true\"").contains("chain intact: ");
            assertThat(count(dom, "class=\"bucket allow\"")).isPositive();
            assertThat(count(dom, "class=\"bucket deny\"")).isPositive();
            assertThat(dom).contains("<code>127.0.0.1:" + server.port() + "</code>")
                    .contains("<code>egress[0]</code>")
                    .contains(server.url("/denied/report"));
            Path png = tmp.resolve("report.png");
            chromium("--screenshot=" + png, "--window-size=1100,900", page.toUri().toString());
            assertThat(Files.size(png)).as("a screenshot of the rendered page").isGreaterThan(10_000);
        }
    }

    private String chromium(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium")));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("chromium finished").isTrue();
        return out;
    }

    private static int count(String text, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private ForkedJvm.Builder agent(RecordingHttpServer server, Path log) {
        return ForkedJvm.on(Jdk.JDK17).agentPolicy(enforce(HttpClientSuiteIT.okRule(server.port())), "audit=" + log)
                .env("OTEL_TRACES_EXPORTER", "none");
    }
}
