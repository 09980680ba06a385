package dev.warden.it;

import dev.warden.it.apps.IsolationApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An app with its own ByteBuddy and OpenTelemetry API/SDK (versions other than Warden's, from the pom's
 * isolation.* properties) on its class path runs unchanged under the agent and sees its own versions.
 */
class IsolationIT extends AgentTestSupport {

    static List<Path> isolationClasspath() throws IOException {
        Path libs = Path.of(System.getProperty("warden.it.isolation.libs"));
        List<Path> cp = new ArrayList<>();
        cp.add(ForkedJvm.testClassesDir());
        try (Stream<Path> jars = Files.list(libs)) {
            jars.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(cp::add);
        }
        assertThat(cp).as("isolation libs in %s", libs).hasSizeGreaterThanOrEqualTo(5);
        return cp;
    }

    @BothJdks
    void appWithItsOwnByteBuddyAndOpenTelemetryRunsUnchanged(Jdk jdk) throws Exception {
        String bb = System.getProperty("warden.it.isolation.bytebuddy.version");
        String otel = System.getProperty("warden.it.isolation.opentelemetry.version");
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));
            String url = server.url("/ok/isolated");
            List<Path> cp = isolationClasspath();
            AppResult without = run(plain(jdk).classpath(cp).main(IsolationApp.class, url));
            AppResult with = run(withAgent(jdk, policy, otlp).classpath(cp).main(IsolationApp.class, url));

            assertThat(without.outcome()).as(without.context()).isEqualTo("ok");
            assertThat(without.get("bytebuddy")).isEqualTo(bb + "@byte-buddy-" + bb + ".jar");
            assertThat(without.get("otel-api")).isEqualTo(otel + "@opentelemetry-api-" + otel + ".jar");
            assertThat(without.get("otel-sdk")).isEqualTo(otel);
            assertThat(without.get("made")).isEqualTo("made-by-bytebuddy");
            assertThat(without.get("span")).isEqualTo("app-span");
            assertThat(without.get("status")).isEqualTo("200");
            assertSameAsWithoutAgent(with, without);

            // and Warden still did its job in that JVM (the span's attributes are UrlConnectionIT's business)
            ReceivedSpan span = otlp.awaitSpan("GET " + url, named("GET").and(withAttr("url.full", url)));
            assertDecision(span, "allow", "egress[0]");
            assertTraceparent(server.requests().get(1).header("traceparent"), span);
        }
    }
}
