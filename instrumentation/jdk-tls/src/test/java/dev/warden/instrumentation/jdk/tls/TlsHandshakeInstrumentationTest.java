package dev.warden.instrumentation.jdk.tls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import dev.warden.instrumentation.api.AdviceCoverage.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The hook selects the server-hello consumer of the JDK running the test (17 and 25). */
class TlsHandshakeInstrumentationTest {

    @Test
    void selectsTheConsumerOfTheServerHello() throws Exception {
        List<Selection> selections = AdviceCoverage.of(new TlsHandshakeInstrumentation());

        assertThat(selections).hasSize(1);
        assertThat(selections.get(0).typeName()).isEqualTo("sun.security.ssl.ServerHello$ServerHelloConsumer");
        assertThat(selections.get(0).methods()).singleElement().asString()
                .contains("consume(sun.security.ssl.ConnectionContext,java.nio.ByteBuffer)");
    }
}
