package dev.warden.instrumentation.reactornetty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReactorNettyInstrumentationTest {

    private final ReactorNettyInstrumentation instrumentation = new ReactorNettyInstrumentation();
    private final ClassLoader clientLoader = ReactorNettyInstrumentationTest.class.getClassLoader();

    @Test
    void eachAdviceSelectsExactlyTheOneMethodItIsFor() throws Exception {
        List<AdviceCoverage.Selection> selections = AdviceCoverage.of(instrumentation, clientLoader);

        assertThat(selections).filteredOn(s -> !s.methods().isEmpty())
                .extracting(s -> s.adviceClassName().substring(s.adviceClassName().indexOf('$') + 1) + " " + s.methods())
                .containsExactlyInAnyOrder(
                        "AttemptAdvice [public java.net.SocketAddress "
                                + "reactor.netty.http.client.HttpClientConnect$HttpClientHandler.get()]",
                        "AttemptEndedAdvice [public boolean "
                                + "reactor.netty.http.client.HttpClientConnect$HttpClientHandler.test(java.lang.Throwable)]",
                        "StateAdvice [public void reactor.netty.http.client.HttpClientConnect$HttpObserver.onStateChange("
                                + "reactor.netty.Connection,reactor.netty.ConnectionObserver$State)]",
                        "HeadersSentAdvice [protected void "
                                + "reactor.netty.http.client.HttpClientOperations.beforeMarkSentHeaders()]");
    }

    @Test
    void theVersionCheckFindsWhatTheAdviceReads() {
        assertThat(instrumentation.supportsVersionIn(clientLoader)).isTrue();
        assertThat(instrumentation.supportsVersionIn(ClassLoader.getPlatformClassLoader())).isFalse();
    }
}
