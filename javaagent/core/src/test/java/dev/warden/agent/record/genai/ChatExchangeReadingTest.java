package dev.warden.agent.record.genai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Reading chat requests and responses of the three wire formats, plain and streamed, as the span needs them. */
class ChatExchangeReadingTest {

    private static ChatRequest request(String json, boolean keepMessages) {
        byte[] bytes = ("  " + json).getBytes(StandardCharsets.UTF_8);
        return ChatRequest.read(bytes, 2, bytes.length - 2, keepMessages);
    }

    private static ChatResponse response(boolean keepCompletion, String... chunks) {
        ChatResponse response = new ChatResponse(keepCompletion);
        for (String chunk : chunks) {
            byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
            response.accept(bytes, 0, bytes.length);
        }
        return response.end();
    }

    @Test
    void anOpenAiRequestGivesModelAndSettingsAndItsMessagesOnlyWhenAskedFor() {
        String body = "{\"model\":\"gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"hi \\\"there\\\"\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"model\"}}],\"temperature\":0.2,"
                + "\"max_completion_tokens\":256,\"stream\":true}";

        ChatRequest read = request(body, false);
        ChatRequest withMessages = request(body, true);

        assertThat(read).isEqualTo(new ChatRequest("gpt-4o-mini", true, 256, 0.2, null));
        assertThat(withMessages.inputMessages()).isEqualTo("[{\"role\":\"user\",\"content\":\"hi \\\"there\\\"\"}]");
    }

    @Test
    void anthropicAndOllamaRequestsAndBodiesThatAreNotJson() {
        assertThat(request("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":1024,\"system\":\"be brief\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", true))
                .isEqualTo(new ChatRequest("claude-sonnet-4-5", false, 1024, Double.NaN,
                        "\"be brief\"\n[{\"role\":\"user\",\"content\":\"hi\"}]"));
        assertThat(request("{\"model\":\"llama3.2\",\"options\":{\"temperature\":0.7,\"num_predict\":64,\"seed\":3},"
                + "\"messages\":[]}", false)).isEqualTo(new ChatRequest("llama3.2", false, 64, 0.7, null));
        assertThat(request("model=gpt-4o", false).model()).isNull();
        assertThat(request("{\"model\":\"gpt-4o\",\"messages\":[{\"role\":", false).model()).isEqualTo("gpt-4o");
    }

    @Test
    void anOpenAiAnswerWithToolCallsSaysModelUsageAndFinishReason() {
        ChatResponse answer = response(true, "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-mini-2024-07-18\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"read_file\",\"arguments\":\"{}\"}}]},",
                "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":180,\"completion_tokens\":24,\"total_tokens\":204}}");

        assertThat(answer.model()).isEqualTo("gpt-4o-mini-2024-07-18");
        assertThat(answer.id()).isEqualTo("chatcmpl-1");
        assertThat(answer.inputTokens()).isEqualTo(180);
        assertThat(answer.outputTokens()).isEqualTo(24);
        assertThat(answer.finishReasons()).containsExactly("tool_calls");
        assertThat(answer.completion()).isNull();
    }

    @Test
    void anOpenAiStreamSplitAnywhereIsReadAtItsEnd() {
        String stream = "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},"
                + "\"finish_reason\":null}],\"usage\":null}\n\n"
                + "data: {\"id\":\"c1\",\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                + "data: {\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2}}\n\ndata: [DONE]\n\n";

        ChatResponse answer = response(true, stream.substring(0, 37), stream.substring(37, 150), stream.substring(150));

        assertThat(answer.completion()).isEqualTo("Hello");
        assertThat(answer.finishReasons()).containsExactly("stop");
        assertThat(answer.inputTokens()).isEqualTo(9);
        assertThat(answer.outputTokens()).isEqualTo(2);
    }

    @Test
    void anAnthropicStreamAndAnOllamaStreamOfJsonLines() {
        ChatResponse claude = response(true, "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\","
                + "\"model\":\"claude-sonnet-4-5-20250929\",\"content\":[],\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":15}}\n\n");
        ChatResponse ollama = response(false, "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"done\":false}\n",
                "{\"model\":\"llama3.2\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true,\"done_reason\":\"stop\","
                        + "\"prompt_eval_count\":26,\"eval_count\":298}\n");

        assertThat(claude.model()).isEqualTo("claude-sonnet-4-5-20250929");
        assertThat(claude.id()).isEqualTo("msg_1");
        assertThat(claude.inputTokens()).isEqualTo(25);
        assertThat(claude.outputTokens()).isEqualTo(15);
        assertThat(claude.finishReasons()).containsExactly("end_turn");
        assertThat(claude.completion()).isEqualTo("Hi");
        assertThat(ollama.model()).isEqualTo("llama3.2");
        assertThat(ollama.inputTokens()).isEqualTo(26);
        assertThat(ollama.outputTokens()).isEqualTo(298);
        assertThat(ollama.finishReasons()).containsExactly("stop");
        assertThat(ollama.completion()).isNull();
    }

    @Test
    void anErrorBodyOrGarbageGivesNothingAndNeverThrows() {
        ChatResponse error = response(false, "{\"error\":{\"message\":\"rate limited\",\"type\":\"rate_limit\"}}");
        ChatResponse garbage = response(false, "<html>502 Bad Gateway</html>");

        assertThat(error.model()).isNull();
        assertThat(error.finishReasons()).isEmpty();
        assertThat(garbage.inputTokens()).isEqualTo(-1);
    }

    @Test
    void chatEndpointsAreFoundByTheirPathEndingAndMoreCanBeConfigured() {
        ChatApi api = ChatApi.withExtra("/inference/v2/generate=openai; /claude/invoke=anthropic");

        assertThat(ChatApi.builtIn().match("/v1/chat/completions").provider()).isEqualTo("openai");
        assertThat(ChatApi.builtIn().match("/openai/deployments/gpt4/chat/completions").provider()).isEqualTo("openai");
        assertThat(ChatApi.builtIn().match("/v1/messages").provider()).isEqualTo("anthropic");
        assertThat(ChatApi.builtIn().match("/api/chat").provider()).isEqualTo("ollama");
        assertThat(ChatApi.builtIn().match("/v1/embeddings")).isNull();
        assertThat(api.match("/inference/v2/generate").provider()).isEqualTo("openai");
        assertThat(api.match("/claude/invoke").provider()).isEqualTo("anthropic");
        assertThatThrownBy(() -> ChatApi.withExtra("/x=bedrock")).hasMessage("'/x=bedrock' is not PATH=openai|anthropic|ollama");
    }
}
