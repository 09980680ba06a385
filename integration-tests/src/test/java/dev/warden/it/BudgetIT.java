package dev.warden.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.BudgetApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.RecordingHttpServer;
import dev.warden.it.harness.RecordingTcpServer;
import java.time.Duration;
import org.awaitility.Awaitility;

/** The limits of an egress rule: within budget works unchanged; over budget is denied, and nothing more is sent. */
class BudgetIT extends AgentTestSupport {

    @BothJdks
    void requestsOverTheRulesPerMinuteBudgetAreDeniedAndNeverReachTheServer(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http()) {
            String rule = HttpClientSuiteIT.okRule(server.port()) + "\nlimits: { requests_per_minute: 3 }";

            AppResult r = run(agent(jdk, enforce(rule)).main(BudgetApp.class, "http", server.url("/ok/budget"), "5"));

            assertThat(r.get("done")).as(r.context()).isEqualTo("3");
            assertThat(r.get("failure")).isEqualTo("java.net.ConnectException: warden: denied GET " + server.url("/ok/budget")
                    + ": over budget: more than 3 requests per minute [rule egress[0]]");
            assertThat(server.requestCount()).isEqualTo(3);
        }
    }

    @BothJdks
    void bytesOverTheBudgetAreRefusedAtTheNextWriteAndNothingMoreIsSent(Jdk jdk) throws Exception {
        bytesOverTheBudgetAreRefused(jdk, "socket");
    }

    @BothJdks
    void bytesOverTheBudgetThroughASocketChannelAreRefusedAtTheNextWriteToo(Jdk jdk) throws Exception {
        bytesOverTheBudgetAreRefused(jdk, "channel");
    }

    private void bytesOverTheBudgetAreRefused(Jdk jdk, String api) throws Exception {
        try (RecordingTcpServer server = RecordingTcpServer.start()) {
            String rule = "to: \"127.0.0.1:" + server.port() + "\"\nlimits: { bytes_out_per_minute: 10000 }";

            AppResult within = run(agent(jdk, enforce(rule)).main(BudgetApp.class, api, "127.0.0.1",
                    Integer.toString(server.port()), "2", "4096"));
            AppResult over = run(agent(jdk, enforce(rule)).main(BudgetApp.class, api, "127.0.0.1",
                    Integer.toString(server.port()), "5", "4096"));

            assertThat(within.get("done")).as(within.context()).isEqualTo("2");
            assertThat(within.get("failure")).isEqualTo("none");
            // 3 writes spend 12288 bytes of 10000 (a write may overdraw), the 4th is refused
            assertThat(over.get("done")).as(over.context()).isEqualTo("3");
            assertThat(over.get("failure")).isEqualTo("java.net.SocketException: warden: denied sending to 127.0.0.1:" + server.port()
                    + ": over budget: more than 10000 bytes out per minute [rule egress[0]]");
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> server.linesReceived().size() >= 5);
            assertThat(server.linesReceived()).hasSize(5);
        }
    }

    private ForkedJvm.Builder agent(Jdk jdk, java.nio.file.Path policy) {
        return ForkedJvm.on(jdk).agentPolicy(policy).env("OTEL_TRACES_EXPORTER", "none");
    }
}
