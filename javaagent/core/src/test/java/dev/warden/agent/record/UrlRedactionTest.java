package dev.warden.agent.record;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

class UrlRedactionTest {

    @Test
    void credentialsInTheUrlAreReplaced() {
        assertThat(UrlRedaction.redact(URI.create("https://alice:s3cret@api.example.com/v1?x=1")))
                .isEqualTo("https://REDACTED:REDACTED@api.example.com/v1?x=1");
    }

    @Test
    void signatureQueryValuesAreReplacedOthersKept() {
        assertThat(UrlRedaction.redact(URI.create("https://s3.example.com/o?X-Goog-Signature=abc&part=2&sig=zz")))
                .isEqualTo("https://s3.example.com/o?X-Goog-Signature=REDACTED&part=2&sig=REDACTED");
    }

    @Test
    void aPlainUrlIsUnchanged() {
        assertThat(UrlRedaction.redact(URI.create("http://127.0.0.1:8080/ok/x"))).isEqualTo("http://127.0.0.1:8080/ok/x");
    }
}
