package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.PollingApp;
import dev.warden.it.apps.TrafficApp;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.RecordingHttpServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.awaitility.Awaitility;

/** With metrics and logs exporters configured, decisions and bytes sent arrive at a real OTLP receiver, decoded. */
class MetricsIT extends AgentTestSupport {

    @BothJdks
    void decisionsBytesSentAndDecisionLogRecordsAreExported(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http();
                OtlpReceiver deniedOtlp = OtlpReceiver.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));
            run(agent(jdk, policy, otlp).main(TrafficApp.class, server.url("/ok/metrics"), "2", "5"));
            run(agent(jdk, policy, deniedOtlp).main(PollingApp.class, server.url("/denied/metrics"), "2", "0"));

            Awaitility.await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(otlp.counter("warden.decisions", attributes("egress", "allow", "egress[0]"))).isGreaterThanOrEqualTo(10);
                assertThat(deniedOtlp.counter("warden.decisions", attributes("egress", "deny", "egress[0]"))).isEqualTo(2);
                assertThat(otlp.counter("warden.egress.bytes_sent", a -> "egress[0]".equals(a.get("warden.rule"))
                        && ("127.0.0.1:" + server.port()).equals(a.get("warden.destination")))).isGreaterThan(10 * 40);
            });
            assertThat(otlp.logs()).filteredOn(log -> log.body().equals("warden: allow egress GET " + server.url("/ok/metrics") + " [rule egress[0]]"))
                    .hasSize(10).allSatisfy(log -> {
                        assertThat(log.severity()).isEqualTo("INFO");
                        assertThat(log.attributes()).containsEntry("warden.decision", "allow").containsEntry("warden.action", "GET")
                                .containsEntry("gen_ai.security.verdict.type", "allow").containsEntry("gen_ai.security.action.type", "allow")
                                .containsEntry("gen_ai.security.policy.rule.id", "egress[0]");
                    });
            assertThat(deniedOtlp.logs()).filteredOn(log -> log.body().startsWith("warden: deny egress GET " + server.url("/denied/metrics")))
                    .hasSize(2).allSatisfy(log -> {
                        assertThat(log.severity()).isEqualTo("WARN");
                        assertThat(log.attributes()).containsEntry("gen_ai.security.verdict.type", "deny")
                                .containsEntry("gen_ai.security.action.type", "block");
                    });
        }
    }

    private static Predicate<Map<String, String>> attributes(String kind, String decision, String rule) {
        return a -> kind.equals(a.get("warden.decision.kind")) && decision.equals(a.get("warden.decision")) && rule.equals(a.get("warden.rule"));
    }

    private static ForkedJvm.Builder agent(Jdk jdk, Path policy, OtlpReceiver otlp) {
        return ForkedJvm.on(jdk).agentPolicy(policy).otlp(otlp)
                .env("OTEL_METRICS_EXPORTER", "otlp").env("OTEL_LOGS_EXPORTER", "otlp").env("OTEL_METRIC_EXPORT_INTERVAL", "500");
    }
}
