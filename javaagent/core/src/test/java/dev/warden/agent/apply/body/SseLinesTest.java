package dev.warden.agent.apply.body;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLinesTest {

    @Test
    void linesSplitAnywhereAcrossChunksComeOutWhole() {
        String stream = "data: {\"a\":\"é1\"}\r\n\r\ndata: {\"b\":2}\n\ndata: [DONE]\r\rtail";
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        for (int split = 0; split <= bytes.length; split++) {
            SseLines lines = new SseLines();
            List<String> out = new ArrayList<>(lines.feed(bytes, 0, split));
            out.addAll(lines.feed(bytes, split, bytes.length - split));
            out.add(lines.finish());
            assertThat(out).as("split at %d", split)
                    .containsExactly("data: {\"a\":\"é1\"}", "", "data: {\"b\":2}", "", "data: [DONE]", "", "tail");
        }
    }

    @Test
    void aBodyEndingWithALineBreakHasNoLastPartialLine() {
        SseLines lines = new SseLines();
        byte[] bytes = "x\n".getBytes(StandardCharsets.UTF_8);
        assertThat(lines.feed(bytes, 0, bytes.length)).containsExactly("x");
        assertThat(lines.finish()).isNull();
    }
}
