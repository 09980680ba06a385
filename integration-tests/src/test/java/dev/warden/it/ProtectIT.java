package dev.warden.it;

import dev.warden.it.apps.ProtectedChatApp;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.FakeOpenAiServer;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static dev.warden.it.harness.ReceivedSpan.named;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data protection end to end: AI apps (LangChain4j on its JDK HttpClient, plain and streamed; a raw JDK HttpClient
 * call; OkHttp; HttpURLConnection) send a customer's e-mail, card number and API key to a local OpenAI-compatible
 * server. The server sees tokens and placeholders only; the app sees its own values in the answer.
 */
class ProtectIT extends AgentTestSupport {

    static final List<String> CLIENTS = List.of("langchain4j", "langchain4j-stream", "jdk", "okhttp", "okhttp-stream", "urlconnection");
    static final String RESTORED_ANSWER = "I_noted:_" + ProtectedChatApp.EMAIL + "_" + ProtectedChatApp.CARD.replace(' ', '_')
            + "_[REDACTED:secret]";

    static Stream<Arguments> clients() {
        return onBothJdks(CLIENTS);
    }

    private Path keys() throws Exception {
        byte[] material = new byte[32];
        new SecureRandom().nextBytes(material);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update("warden data key id\0".getBytes(StandardCharsets.US_ASCII));
        String id = HexFormat.of().formatHex(sha256.digest(material), 0, 6);
        Path file = tmp.resolve("data.keys");
        Files.writeString(file, "key " + id + " " + Base64.getEncoder().encodeToString(material) + "\n");
        return file;
    }

    private Path protectPolicy(int port, String secretAction) {
        return enforce("to: \"127.0.0.1:" + port + "\"\n"
                + "protect: { email: tokenize, payment_card: tokenize, secret: " + secretAction + " }\n"
                + "restore: true");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("clients")
    void theServerSeesOnlyTokensAndPlaceholdersAndTheAppSeesItsOwnValues(Jdk jdk, String client) throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = protectPolicy(server.port(), "redact");

            Path audit = tmp.resolve("audit.log");
            AppResult with = run(withAgent(jdk, policy, otlp, "keys=" + keys(), "audit=" + audit)
                    .timeout(Duration.ofSeconds(60)).main(ProtectedChatApp.class, server.baseUrl(), client));

            assertOk(with);
            assertThat(server.bodies()).hasSize(1);
            String received = server.bodies().get(0);
            assertThat(received).doesNotContain(ProtectedChatApp.EMAIL, ProtectedChatApp.CARD, "4111111111111111",
                            ProtectedChatApp.SECRET, "jane.doe%40example.com")
                    .contains("wdn_", "[REDACTED:secret]");
            // the raw JDK client also sends the e-mail in its query string, which the server quotes back too
            assertThat(with.get("answer")).isEqualTo(RESTORED_ANSWER + (client.equals("jdk") ? "_" + ProtectedChatApp.EMAIL : ""));
            if (client.equals("jdk")) {
                assertThat(received).startsWith("?user=wdn_").contains("X-Customer: [wdn_");
            }
            ReceivedSpan span = otlp.awaitSpan("the chat request's span", named("POST"));
            // the raw JDK client also carries the e-mail in its query string and its X-Customer header
            assertThat(span.lng("warden.protect.email.tokenized")).isEqualTo(client.equals("jdk") ? 3 : 1);
            assertThat(span.lng("warden.protect.payment_card.tokenized")).isEqualTo(1);
            assertThat(span.lng("warden.protect.secret.redacted")).isEqualTo(1);
            if (client.equals("jdk")) {
                assertThat(span.lng("warden.protect.restored")).isEqualTo(3);
                assertThat(span.str("url.full")).startsWith(server.baseUrl() + "/chat/completions?user=wdn_");
            }
            assertThat(span.toString()).doesNotContain(ProtectedChatApp.EMAIL, "jane.doe%40example.com", ProtectedChatApp.SECRET);
            // the LLM call's GenAI span, over the HTTP span, filled from the request as sent and the answer as read
            ReceivedSpan chat = otlp.awaitSpan("the LLM call's chat span", s -> s.spanId().equals(span.parentSpanId()));
            assertThat(chat.name()).isEqualTo("chat gpt-4o-mini");
            assertThat(chat.str("gen_ai.operation.name")).isEqualTo("chat");
            assertThat(chat.str("gen_ai.provider.name")).isEqualTo("openai");
            assertThat(chat.str("gen_ai.response.model")).isEqualTo("gpt-4o-mini");
            assertThat(chat.attr("gen_ai.response.finish_reasons")).hasToString("[stop]");
            if (!client.endsWith("-stream")) {
                assertThat(chat.lng("gen_ai.usage.input_tokens")).isEqualTo(20L);
                assertThat(chat.lng("gen_ai.usage.output_tokens")).isEqualTo(10L);
            }
            assertThat(chat.attr("gen_ai.input.messages")).as("no prompts without the policy's opt-in").isNull();
            String auditText = Files.readString(audit);
            assertThat(auditText).contains("protect POST", "email.tokenized=")
                    .doesNotContain(ProtectedChatApp.EMAIL, "jane.doe%40example.com", ProtectedChatApp.SECRET, ProtectedChatApp.CARD,
                            "4111111111111111");
        }
    }

    @BothJdks
    void aBlockedSecretStopsTheRequestBeforeAnythingIsSent(Jdk jdk) throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(); OtlpReceiver otlp = OtlpReceiver.http()) {
            Path policy = protectPolicy(server.port(), "block");
            Path keys = keys();
            for (String client : List.of("jdk", "okhttp", "urlconnection")) {
                AppResult denied = run(withAgent(jdk, policy, otlp, "keys=" + keys)
                        .main(ProtectedChatApp.class, server.baseUrl(), client));
                assertDenied(denied, CONNECT_EXCEPTION, "POST " + server.baseUrl() + "/chat/completions");
                assertThat(denied.msg()).as(client)
                        .contains("it carries a value of detector secret, which egress[0] blocks [rule egress[0]]");
            }
            AppResult langchain = run(withAgent(jdk, policy, otlp, "keys=" + keys)
                    .main(ProtectedChatApp.class, server.baseUrl(), "langchain4j"));

            // LangChain4j wraps the client's ConnectException in its own exception, message included
            assertThat(langchain.msg()).contains("warden: denied POST").contains("detector secret");
            assertThat(server.bodies()).isEmpty();
        }
    }

    @BothJdks
    void tokenizeWithoutDataKeysStopsTheStart(Jdk jdk) throws Exception {
        try (FakeOpenAiServer server = new FakeOpenAiServer(); OtlpReceiver otlp = OtlpReceiver.http()) {
            ForkedJvm.Result r = withAgent(jdk, protectPolicy(server.port(), "redact"), otlp)
                    .main(ProtectedChatApp.class, server.baseUrl(), "jdk").run();

            String fatal = StartupIT.assertFatal(r);
            assertThat(fatal).contains("egress[0]", "tokenizes values but no data keys are configured", "keys=");
            assertThat(server.bodies()).isEmpty();
        }
    }
}
