package dev.warden.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialReaderTest {

    private static Policy parse(String credentials) throws PolicyException {
        return PolicyParser.parse("policy: p\ncredentials:\n" + credentials, "p.yaml");
    }

    @Test
    void readsEachSourceAndItsDestination() throws Exception {
        List<Credential> credentials = parse("  - name: llm\n    value: env:LLM_API_KEY\n    to: \"api.openai.com:443\"\n"
                + "  - { name: crm_token, value: \"file:/run/secrets/crm\", to: \"*.crm.example\" }\n"
                + "  - { name: k, value: \"keys:billing\", to: \"10.0.0.0/8:8443\" }\n").credentials();

        assertThat(credentials).extracting(Credential::name).containsExactly("llm", "crm_token", "k");
        assertThat(credentials.get(0).source()).isEqualTo(new Credential.Source(Credential.Scheme.ENV, "LLM_API_KEY"));
        assertThat(credentials.get(0).placeholder()).isEqualTo("wdn_cred_llm");
        assertThat(credentials.get(0).line()).isEqualTo(3);
        assertThat(credentials.get(1).source()).hasToString("file:/run/secrets/crm");
        assertThat(credentials.get(2).source().scheme()).isEqualTo(Credential.Scheme.KEYS);
    }

    @Test
    void noSectionMeansNoCredentials() throws Exception {
        assertThat(PolicyParser.parse("policy: p\n", "p.yaml").credentials()).isEmpty();
    }

    @Test
    void aDestinationMatchesLikeAnEgressTarget() throws Exception {
        List<Credential> credentials = parse("  - { name: a, value: env:A, to: \"api.openai.com:443\" }\n"
                + "  - { name: b, value: env:B, to: \"*.example.com\" }\n"
                + "  - { name: c, value: env:C, to: \"127.0.0.0/8:1000-2000\" }\n"
                + "  - { name: d, value: env:D, to: \"[::1]:80\" }\n").credentials();

        assertThat(credentials.get(0).reaches("api.openai.com", 443)).isTrue();
        assertThat(credentials.get(0).reaches("api.openai.com", 80)).isFalse();
        assertThat(credentials.get(0).reaches("evil.com", 443)).isFalse();
        assertThat(credentials.get(1).reaches("x.example.com", 1)).isTrue();
        assertThat(credentials.get(1).reaches("example.com", 443)).isFalse();
        assertThat(credentials.get(2).reaches("127.0.0.1", 1500)).isTrue();
        assertThat(credentials.get(2).reaches("127.0.0.1", 80)).isFalse();
        assertThat(credentials.get(2).reaches("localhost", 1500)).isFalse();
        assertThat(credentials.get(3).reaches("::1", 80)).isTrue();
        assertThat(credentials.get(3).reaches("::2", 80)).isFalse();
    }

    @Test
    void aValueMustNameWhereTheSecretIs() {
        assertThatThrownBy(() -> parse("  - { name: llm, value: \"sk-live-123\", to: \"api.openai.com:443\" }\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("p.yaml:3: credential 'llm': value 'sk-live-123' must be env:NAME, file:PATH or keys:NAME"
                        + " (the secret itself never goes into the policy)");
        assertThatThrownBy(() -> parse("  - { name: llm, value: \"vault:x\", to: \"api.openai.com:443\" }\n"))
                .hasMessageContaining("value 'vault:x' must be env:NAME, file:PATH or keys:NAME");
        assertThatThrownBy(() -> parse("  - { name: llm, value: \"env:\", to: \"api.openai.com:443\" }\n"))
                .hasMessage("p.yaml:3: credential 'llm': 'env:' needs a name after the colon");
    }

    @Test
    void aCredentialNeedsItsDestination() {
        assertThatThrownBy(() -> parse("  - name: llm\n    value: env:LLM_API_KEY\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("p.yaml:3: credential 'llm' is missing 'to' (the destinations that get its value)");
        assertThatThrownBy(() -> parse("  - { name: llm, value: env:K, to: \"api openai\" }\n"))
                .hasMessage("p.yaml:3: invalid 'to' 'api openai' of credential 'llm': contains whitespace");
    }

    @Test
    void namesAreUniqueTokens() {
        assertThatThrownBy(() -> parse("  - { name: llm, value: env:A, to: a.com }\n  - { name: llm, value: env:B, to: b.com }\n"))
                .isInstanceOf(PolicyException.class)
                .hasMessage("p.yaml:4: duplicate credential name 'llm'");
        assertThatThrownBy(() -> parse("  - { name: LLM-key, value: env:A, to: a.com }\n"))
                .hasMessageContaining("credential name 'LLM-key' must be 1 to 64 lower-case letters, digits or '_'");
        assertThatThrownBy(() -> parse("  - { name: llm, value: env:A, to: a.com, header: Authorization }\n"))
                .hasMessageContaining("unknown key 'header' in a 'credentials' entry (allowed: name, value, to)");
        assertThatThrownBy(() -> parse("  - { value: env:A, to: a.com }\n"))
                .hasMessageContaining("is missing 'name'");
    }
}
