package dev.warden.instrumentation.jdk.urlconnection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.AdviceCoverage;
import dev.warden.instrumentation.api.AdviceCoverage.Selection;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpUrlConnectionInstrumentationTest {

    @Test
    void hooksSelectRequestEntryPointsPlainConnectGetInputStreamAndTheRequestTarget() throws Exception {
        List<Selection> selections = AdviceCoverage.of(new HttpUrlConnectionInstrumentation());
        assertThat(selections).extracting(s -> s.methods().size()).containsExactly(2, 1, 1, 1, 1, 1);
        assertThat(String.join(" ", selections.get(0).methods()))
                .contains("HttpURLConnection.connect()").contains("HttpURLConnection.getOutputStream()");
        assertThat(selections.get(1).methods().get(0)).contains("HttpURLConnection.plainConnect()");
        assertThat(selections.get(2).methods().get(0)).contains("HttpURLConnection.getInputStream()");
        // the body seam: the stream the app writes its body to, and the one it reads the response from
        assertThat(selections.get(3).methods().get(0)).contains("HttpURLConnection.getOutputStream()");
        assertThat(selections.get(4).methods().get(0)).contains("HttpURLConnection.getInputStream()");
        // secretless credentials: the request line's target, where a placeholder in the query gets its value
        assertThat(selections.get(5).methods().get(0)).contains("HttpURLConnection.getRequestURI()");
    }
}
