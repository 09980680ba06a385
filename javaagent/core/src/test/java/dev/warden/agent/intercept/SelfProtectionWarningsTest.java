package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SelfProtectionWarningsTest {

    @Test
    void theContainingSettingsAreThoseEachJdkHas() {
        assertThat(SelfProtectionWarnings.missingContainment(List.of(), 17)).containsExactly("-XX:-EnableDynamicAgentLoading");
        assertThat(SelfProtectionWarnings.missingContainment(List.of(), 23))
                .containsExactly("-XX:-EnableDynamicAgentLoading", "--sun-misc-unsafe-memory-access=deny");
        assertThat(SelfProtectionWarnings.missingContainment(List.of(), 25)).containsExactly(
                "-XX:-EnableDynamicAgentLoading", "--illegal-native-access=deny", "--sun-misc-unsafe-memory-access=deny");
        assertThat(SelfProtectionWarnings.missingContainment(List.of("-XX:-EnableDynamicAgentLoading",
                "--illegal-native-access=deny", "--sun-misc-unsafe-memory-access=deny"), 25)).isEmpty();
        assertThat(SelfProtectionWarnings.missingContainment(List.of("--illegal-native-access=warn"), 25))
                .contains("--illegal-native-access=deny");
    }
}
