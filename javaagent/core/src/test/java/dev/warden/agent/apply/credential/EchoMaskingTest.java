package dev.warden.agent.apply.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EchoMaskingTest {

    @Test
    void anEchoedValueIsMaskedAlsoWhenChunksSplitIt() {
        String response = "{\"echo\":\"my key is sk-live-123456, again sk-live-123456\"}";
        for (int split = 1; split < response.length(); split++) {
            EchoMasking masking = new EchoMasking(Map.of("sk-live-123456", "wdn_cred_llm"));
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] bytes = response.getBytes(StandardCharsets.UTF_8);
            out.writeBytes(masking.chunk(bytes, 0, split));
            out.writeBytes(masking.chunk(bytes, split, bytes.length - split));
            out.writeBytes(masking.finish());

            assertThat(out.toString(StandardCharsets.UTF_8)).as("split at %d", split)
                    .isEqualTo("{\"echo\":\"my key is wdn_cred_llm, again wdn_cred_llm\"}");
        }
    }
}
