package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.config.WardenSecrets;
import dev.warden.agent.decide.ActivePolicy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PathVariables;
import dev.warden.policy.decide.PolicyEngine;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EnvironmentViewTest {

    private static ActivePolicy policy(String credentials) throws Exception {
        return new ActivePolicy(PolicyEngine.compile(PolicyParser.parse("policy: p\nmode: enforce\n" + credentials, "p.yaml"),
                PathVariables.none()), 1, "test");
    }

    @Test
    void theCredentialsVariablesAndTheOneWardensDataKeysComeFromAreHidden() throws Exception {
        ActivePolicy withCredential = policy("credentials:\n  - name: llm\n    value: env:LLM_API_KEY\n"
                + "    to: \"api.example.com:443\"\n");
        EnvironmentView view = new EnvironmentView(() -> withCredential, new WardenSecrets(Set.of("WARDEN_KEYS"), Set.of()));

        assertThat(view.hides("LLM_API_KEY")).isTrue();
        assertThat(view.hides("WARDEN_KEYS")).as("keys=env:WARDEN_KEYS").isTrue();
        assertThat(view.hides("PATH")).isFalse();
        assertThat(view.hidesAny()).isTrue();
    }

    @Test
    void withNothingToHideTheAppSeesTheEnvironmentAsItIs() throws Exception {
        ActivePolicy plain = policy("");
        EnvironmentView view = new EnvironmentView(() -> plain, WardenSecrets.NONE);

        assertThat(view.hidesAny()).isFalse();
        assertThat(view.appEnvironment()).as("null: the JDK's own map").isNull();
        assertThat(view.childEnvironment()).isNull();
    }
}
