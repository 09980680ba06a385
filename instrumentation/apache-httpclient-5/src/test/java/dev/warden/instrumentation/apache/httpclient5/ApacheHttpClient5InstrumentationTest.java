package dev.warden.instrumentation.apache.httpclient5;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import java.util.List;
import org.junit.jupiter.api.Test;

class ApacheHttpClient5InstrumentationTest {

    private final ApacheHttpClient5Instrumentation instrumentation = new ApacheHttpClient5Instrumentation();
    private final ClassLoader clientLoader = ApacheHttpClient5InstrumentationTest.class.getClassLoader();

    @Test
    void eachAdviceSelectsTheOneProtocolStepOfItsChain() throws Exception {
        List<AdviceCoverage.Selection> selections = AdviceCoverage.of(instrumentation, clientLoader);

        assertThat(selections).filteredOn(s -> !s.methods().isEmpty())
                .extracting(s -> s.adviceClassName().substring(s.adviceClassName().indexOf('$') + 1) + " " + s.methods())
                .containsExactlyInAnyOrder(
                        "ClassicAdvice [public org.apache.hc.core5.http.ClassicHttpResponse "
                                + "org.apache.hc.client5.http.impl.classic.ProtocolExec.execute("
                                + "org.apache.hc.core5.http.ClassicHttpRequest,org.apache.hc.client5.http.classic.ExecChain$Scope,"
                                + "org.apache.hc.client5.http.classic.ExecChain) throws java.io.IOException,"
                                + "org.apache.hc.core5.http.HttpException]",
                        "AsyncAdvice [public void org.apache.hc.client5.http.impl.async.AsyncProtocolExec.execute("
                                + "org.apache.hc.core5.http.HttpRequest,org.apache.hc.core5.http.nio.AsyncEntityProducer,"
                                + "org.apache.hc.client5.http.async.AsyncExecChain$Scope,org.apache.hc.client5.http.async.AsyncExecChain,"
                                + "org.apache.hc.client5.http.async.AsyncExecCallback) throws org.apache.hc.core5.http.HttpException,"
                                + "java.io.IOException]");
    }

    @Test
    void theVersionCheckFindsWhatTheAdviceReads() {
        assertThat(instrumentation.supportsVersionIn(clientLoader)).isTrue();
        assertThat(instrumentation.supportsVersionIn(ClassLoader.getPlatformClassLoader())).isFalse();
    }
}
