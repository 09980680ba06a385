package dev.warden.agent.apply.credential;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.config.ConfigException;
import dev.warden.agent.config.DataKeys;
import dev.warden.policy.Credential;
import dev.warden.policy.PolicyParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialValuesTest {

    @TempDir
    Path tmp;

    private static List<Credential> credentials(String entries) throws Exception {
        return PolicyParser.parse("policy: p\ncredentials:\n" + entries, "p.yaml").credentials();
    }

    @Test
    void eachSourceIsReadByWarden() throws Exception {
        Path file = Files.writeString(tmp.resolve("crm.secret"), "sk-file\n");
        Path keyFile = tmp.resolve("data.keys");
        DataKeys.addNewKey(keyFile);
        Files.writeString(keyFile, "credential billing sk-keys\n", java.nio.file.StandardOpenOption.APPEND);
        DataKeys keys = DataKeys.load(keyFile.toString(), name -> null);
        CredentialValues values = CredentialValues.read(credentials("  - { name: a, value: env:A, to: a.com }\n"
                + "  - { name: b, value: \"file:" + file + "\", to: b.com }\n"
                + "  - { name: c, value: \"keys:billing\", to: c.com }\n"), Map.of("A", "sk-env")::get, Optional.of(keys));

        assertThat(values.value("a")).isEqualTo("sk-env");
        assertThat(values.value("b")).isEqualTo("sk-file");
        assertThat(values.value("c")).isEqualTo("sk-keys");
        assertThat(values.missing()).isEmpty();
    }

    @Test
    void aMissingSourceNamesTheCredential() throws Exception {
        CredentialValues values = CredentialValues.read(credentials("  - { name: llm, value: env:LLM_API_KEY, to: a.com }\n"
                + "  - { name: f, value: \"file:" + tmp.resolve("none") + "\", to: a.com }\n"
                + "  - { name: k, value: \"keys:none\", to: a.com }\n"), name -> null, Optional.empty());

        assertThat(values.value("llm")).isNull();
        assertThat(values.missing()).containsOnlyKeys("llm", "f", "k")
                .containsEntry("k", "no data-keys file is configured (keys=FILE)");
        assertThatThrownBy(values::refuseMissing).isInstanceOf(ConfigException.class)
                .hasMessage("credential 'llm' has no value: environment variable LLM_API_KEY is not set");
    }
}
