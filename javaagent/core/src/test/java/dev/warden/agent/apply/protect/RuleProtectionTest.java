package dev.warden.agent.apply.protect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.apply.body.OutgoingRequest;
import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.DataKeys;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleProtectionTest {

    private static final String POLICY = """
            policy: p
            egress:
              - to: "api.example.com:443"
                protect: { email: tokenize, payment_card: redact, secret: block }
                restore: true
            """;

    @TempDir
    Path tmp;

    private Optional<DataKeys> keys() throws Exception {
        Path file = tmp.resolve("keys");
        DataKeys.addNewKey(file);
        return Optional.of(DataKeys.load(file.toString(), env -> null));
    }

    private static Policy policy(String yaml) throws Exception {
        return PolicyParser.parse(yaml, "test.yaml");
    }

    @Test
    void jsonStringValuesAreProtectedAndKeysAndStructureStayAsTheyWere() throws Exception {
        Optional<DataKeys> keys = keys();
        RuleProtection protection = ProtectionRules.compile(policy(POLICY), keys).forRule("egress[0]");
        String json = "{\"model\":\"m\", \"jane@example.com\": 1,\n \"messages\":[{\"content\":\"mail jane@example.com"
                + " card 4111 1111 1111 1111 \\u0041\"}], \"n\": 4111111111111111}";
        OutgoingRequest request = new OutgoingRequest("POST", URI.create("https://api.example.com/v1?to=jane%40example.com&x=1"),
                Map.of("X-User", List.of("jane@example.com"), "Authorization", List.of("Bearer sk-abcdefghijklmnopqrstuvwxyz")),
                "application/json", json.getBytes(StandardCharsets.UTF_8));
        ProtectionCounts counts = new ProtectionCounts();

        protection.protect(request, counts, true);

        String token = new Tokenizer(keys.get()).tokenize("jane@example.com");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{\"model\":\"m\", \"jane@example.com\": 1,\n"
                + " \"messages\":[{\"content\":\"mail " + token + " card [REDACTED:payment_card] A\"}], \"n\": 4111111111111111}");
        assertThat(request.uri().getRawQuery()).isEqualTo("to=" + token + "&x=1");
        assertThat(request.headers().get("X-User")).containsExactly(token);
        assertThat(request.headers().get("Authorization")).containsExactly("Bearer sk-abcdefghijklmnopqrstuvwxyz");
        assertThat(counts.summary()).isEqualTo("email.tokenized=3,payment_card.redacted=1");
    }

    @Test
    void aBlockedValueRefusesTheRequestInEnforceModeOnly() throws Exception {
        RuleProtection protection = ProtectionRules.compile(policy(POLICY), keys()).forRule("egress[0]");
        String text = "my key is sk-abcdefghijklmnopqrstuvwxyz0123";
        OutgoingRequest request = new OutgoingRequest("POST", URI.create("https://api.example.com/"), Map.of(), "text/plain",
                text.getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> protection.protect(request, new ProtectionCounts(), true))
                .isInstanceOf(ValueBlocked.class).hasMessageContaining("secret");
        ProtectionCounts audited = new ProtectionCounts();
        protection.protect(request, audited, false);
        assertThat(audited.summary()).isEqualTo("secret.blocked=1");
    }

    @Test
    void binaryBodiesAreLeftAlone() throws Exception {
        RuleProtection protection = ProtectionRules.compile(policy(POLICY), keys()).forRule("egress[0]");
        byte[] body = "jane@example.com".getBytes(StandardCharsets.UTF_8);
        OutgoingRequest request = new OutgoingRequest("POST", URI.create("https://api.example.com/"), Map.of(),
                "application/octet-stream", body);

        protection.protect(request, new ProtectionCounts(), true);

        assertThat(request.changed()).isFalse();
    }

    @Test
    void tokenizeWithoutDataKeysIsAConfigurationError() throws Exception {
        assertThatThrownBy(() -> ProtectionRules.compile(policy(POLICY), Optional.empty()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("egress[0] (line 3) tokenizes values but no data keys are configured");
        assertThat(ProtectionRules.compile(policy(POLICY.replace("tokenize", "redact").replace("restore: true", "restore: false")),
                Optional.empty()).forRule("egress[0]")).isNotNull();
    }
}
