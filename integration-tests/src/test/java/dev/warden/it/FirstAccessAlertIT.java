package dev.warden.it;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.SequenceApp;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.RecordingHttpServer;

/** After the learning window, the first access to a destination not seen while learning raises one alert. */
class FirstAccessAlertIT extends AgentTestSupport {

    @BothJdks
    void aDestinationFirstReachedAfterTheWindowIsAlertedOnceAndOneSeenWhileLearningIsNot(Jdk jdk) throws Exception {
        try (RecordingHttpServer known = RecordingHttpServer.http(); RecordingHttpServer fresh = RecordingHttpServer.http();
                OtlpReceiver otlp = OtlpReceiver.http()) {
            String knownUrl = known.url("/ok/known");
            String freshUrl = fresh.url("/ok/fresh");
            // the window runs from Warden's start: the first access (which also builds the telemetry SDK, on a
            // loaded 2-core machine in a second or two) must land in it, the fresh one after it
            ForkedJvm.Result r = ForkedJvm.on(jdk)
                    .agentPolicy(enforce(HttpClientSuiteIT.okRule(known.port()), HttpClientSuiteIT.okRule(fresh.port())), "learn-window=6")
                    .otlp(otlp)
                    .main(SequenceApp.class, knownUrl, "6500", knownUrl, freshUrl, freshUrl)
                    .run();

            assertThat(r.result().get("statuses")).as(r.describe()).isEqualTo("200,200,200,200,");
            assertThat(r.wardenLines()).filteredOn(line -> line.contains("ALERT"))
                    .containsExactly("[warden] WARNING ALERT first egress access to 127.0.0.1:" + fresh.port() + " after the learning window");
            ReceivedSpan first = otlp.awaitSpans("GET " + freshUrl, named("GET").and(withAttr("url.full", freshUrl)), 2,
                    OtlpReceiver.DEFAULT_WAIT).stream().filter(span -> !span.eventNames().isEmpty()).findFirst().orElseThrow();
            assertThat(first.eventNames()).containsExactly("warden.first_access");
            assertThat(otlp.spans(named("GET").and(withAttr("url.full", knownUrl)))).allMatch(span -> span.eventNames().isEmpty());
        }
    }
}
