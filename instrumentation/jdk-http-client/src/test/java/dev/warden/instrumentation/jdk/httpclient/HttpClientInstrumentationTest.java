package dev.warden.instrumentation.jdk.httpclient;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import org.junit.jupiter.api.Test;

class HttpClientInstrumentationTest {

    @Test
    void hookSelectsTheSendAsyncThatSendAndSendAsyncShare() throws Exception {
        assertThat(AdviceCoverage.of(new HttpClientInstrumentation())).singleElement()
                .satisfies(s -> assertThat(s.methods()).singleElement().asString()
                        .contains("jdk.internal.net.http.HttpClientImpl.sendAsync(java.net.http.HttpRequest,"
                                + "java.net.http.HttpResponse$BodyHandler,java.net.http.HttpResponse$PushPromiseHandler,"
                                + "java.util.concurrent.Executor)"));
    }
}
