package dev.warden.it;

import dev.warden.it.apps.OkHttpInterceptorApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.RecordingHttpServer;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** OkHttp beyond the shared client suite: Warden adds no interceptor, so the app's own ones see what they saw before. */
class OkHttpIT extends AgentTestSupport {

    @BothJdks
    void theAppsInterceptorsSeeTheSameRequestsAndOnlyTheWireCarriesTheTraceparent(Jdk jdk) throws Exception {
        try (RecordingHttpServer server = RecordingHttpServer.http(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = enforce(HttpClientSuiteIT.okRule(server.port()));
            String url = server.url("/ok/intercepted");
            AppResult without = run(plain(jdk).main(OkHttpInterceptorApp.class, url));
            AppResult with = run(withAgent(jdk, policy, otlp).main(OkHttpInterceptorApp.class, url));
            assertThat(without.line()).isEqualTo(
                    "RESULT ok status=200 app_saw=x-app=false,traceparent=false network_saw=x-app=true,traceparent=false");
            assertSameAsWithoutAgent(with, without);
            assertThat(server.requests()).hasSize(2);
            assertThat(server.requests().get(1).header("x-app")).isEqualTo("1");
            assertTraceparent(server.requests().get(1).header("traceparent"),
                    HttpClientSuiteIT.assertAllowedHttpSpan(otlp, "GET", url, "http", server.port(), 200));
        }
    }
}
