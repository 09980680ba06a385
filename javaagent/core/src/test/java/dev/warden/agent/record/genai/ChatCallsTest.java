package dev.warden.agent.record.genai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.apply.body.BodyExchange;
import dev.warden.agent.apply.body.HttpBodySeam;
import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.apply.body.ResponseBodyStream;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The chat span participant on a real body seam, with a real SDK tracer recording its spans. */
class ChatCallsTest {

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider tracing = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();

    private HttpBodySeam seam(boolean recordContents) {
        HttpBodySeam seam = new HttpBodySeam();
        seam.add(new ChatCalls(ChatApi.builtIn(), new ChatSpans(() -> tracing.get("test")), () -> recordContents));
        return seam;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aChatCallsSpanParentsItsHttpSpanAndRecordsContentsOnlyWhenOptedIn() throws Exception {
        for (boolean optedIn : new boolean[] {false, true}) {
            exported.reset();
            URI uri = URI.create("https://api.openai.com/v1/chat/completions");
            HttpBodySeam.Exchange exchange = seam(optedIn).open("POST", uri, null);
            Span http = tracing.get("test").spanBuilder("POST").setParent(exchange.httpSpanParent()).startSpan();
            exchange.request(new OutgoingRequest("POST", uri, Map.of(), "application/json",
                    utf8("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")));
            ResponseBodyStream body = exchange.response(200, "application/json", http);
            byte[] answer = utf8("{\"model\":\"gpt-4o-2024-08-06\",\"choices\":[{\"message\":{\"content\":\"hello\"},"
                    + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":5,\"completion_tokens\":1}}");
            assertThat(body.chunk(answer, 0, answer.length)).as("an observer hands the app the bytes it got").isEqualTo(answer);
            body.finish();
            http.end();

            SpanData chat = exported.getFinishedSpanItems().stream().filter(s -> s.getName().startsWith("chat")).findFirst()
                    .orElseThrow();
            SpanData post = exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals("POST")).findFirst()
                    .orElseThrow();
            assertThat(chat.getName()).isEqualTo("chat gpt-4o");
            assertThat(post.getParentSpanId()).isEqualTo(chat.getSpanId());
            assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.response.model"))).isEqualTo("gpt-4o-2024-08-06");
            assertThat(chat.getAttributes().get(AttributeKey.longKey("gen_ai.usage.input_tokens"))).isEqualTo(5L);
            assertThat(chat.getAttributes().get(AttributeKey.stringKey("server.address"))).isEqualTo("api.openai.com");
            assertThat(chat.getAttributes().get(AttributeKey.longKey("server.port"))).isEqualTo(443L);
            assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.input.messages")))
                    .isEqualTo(optedIn ? "[{\"role\":\"user\",\"content\":\"hi\"}]" : null);
            assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.output.messages")))
                    .isEqualTo(optedIn ? "hello" : null);
        }
    }

    @Test
    void otherCallsGetNoChatSpanAndAFailedCallEndsItsSpanAsAnError() {
        HttpBodySeam seam = seam(false);
        assertThat(seam.open("GET", URI.create("https://api.openai.com/v1/chat/completions"), null)).isNull();
        assertThat(seam.open("POST", URI.create("https://api.openai.com/v1/embeddings"), null)).isNull();

        HttpBodySeam.Exchange exchange = seam.open("POST", URI.create("http://127.0.0.1:11434/api/chat"), null);
        exchange.failed(new ConnectException("refused"));

        SpanData chat = exported.getFinishedSpanItems().get(0);
        assertThat(chat.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name"))).isEqualTo("ollama");
        assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(chat.getAttributes().get(AttributeKey.stringKey("error.type"))).isEqualTo(ConnectException.class.getName());
    }

    @Test
    void anErrorStatusEndsTheSpanAsAnError() {
        HttpBodySeam.Exchange exchange = seam(false).open("POST", URI.create("https://api.anthropic.com/v1/messages"), null);
        Span http = tracing.get("test").spanBuilder("POST").startSpan();
        ResponseBodyStream body = exchange.response(429, "application/json", http);
        body.finish();

        SpanData chat = exported.getFinishedSpanItems().get(0);
        assertThat(chat.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(chat.getStatus().getDescription()).isEqualTo("HTTP 429");
    }

    @Test
    void theParticipantIsABodyExchangeThatNeedsTheRequestBody() {
        BodyExchange exchange = new ChatCalls(ChatApi.builtIn(), new ChatSpans(() -> tracing.get("test")), () -> false)
                .open("POST", URI.create("http://localhost/v1/chat/completions"), null);
        assertThat(exchange.needsRequestBody()).isTrue();
        assertThat(exchange.parentOfHttpSpan()).isNotNull();
    }
}
