package dev.warden.agent.apply.credential;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PlaceholdersTest {

    @Test
    void aNameRunsAsFarAsNameCharactersGo() {
        assertThat(Placeholders.named("Bearer wdn_cred_llm")).containsExactly("llm");
        assertThat(Placeholders.named("a=wdn_cred_llm_2&b=wdn_cred_x-y wdn_cred_")).containsExactly("llm_2", "x");
        assertThat(Placeholders.named("no placeholder")).isEmpty();
    }

    @Test
    void onlyKnownNamesAreReplacedAndALongerNameIsNotAShorterOne() {
        Map<String, String> values = Map.of("llm", "sk-1");

        assertThat(Placeholders.replaced("Bearer wdn_cred_llm", values::get)).isEqualTo("Bearer sk-1");
        assertThat(Placeholders.replaced("wdn_cred_llm2 wdn_cred_llm,wdn_cred_llm", values::get))
                .isEqualTo("wdn_cred_llm2 sk-1,sk-1");
        String untouched = "wdn_cred_other";
        assertThat(Placeholders.replaced(untouched, values::get)).isSameAs(untouched);
    }
}
