package dev.warden.instrumentation.jdk.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpClientInstrumentationTest {

    @Test
    void hooksSelectTheSharedSendAsyncAndTheRedirectStep() throws Exception {
        List<String> selected = AdviceCoverage.of(new HttpClientInstrumentation()).stream()
                .flatMap(s -> s.methods().stream()).toList();

        assertThat(selected).hasSize(2);
        assertThat(selected).anySatisfy(m -> assertThat(m).contains(
                "jdk.internal.net.http.HttpClientImpl.sendAsync(java.net.http.HttpRequest,"
                        + "java.net.http.HttpResponse$BodyHandler,java.net.http.HttpResponse$PushPromiseHandler,"
                        + "java.util.concurrent.Executor)"));
        assertThat(selected).anySatisfy(m -> assertThat(m).contains(
                "jdk.internal.net.http.HttpRequestImpl jdk.internal.net.http.RedirectFilter.response("
                        + "jdk.internal.net.http.Response) throws java.io.IOException"));
    }
}
