package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.warden.agent.decide.ActivePolicy;
import dev.warden.policy.Mode;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ModeOverrideTest {

    private static ActivePolicy policy(String yaml) throws Exception {
        return new ActivePolicy(PolicyEngine.compile(PolicyParser.parse(yaml, "p.yaml")), 7, "test");
    }

    private static ModeOverride override(String args) throws Exception {
        return ModeOverride.from(WardenConfig.load(args, new Properties(), Map.of()));
    }

    @Test
    void withoutAnOverrideThePolicyDecidesItsMode() throws Exception {
        assertThat(override(null).applyAtStart(policy("policy: p\nmode: audit\n")).mode()).isEqualTo(Mode.AUDIT);
    }

    @Test
    void aHostMayAlwaysTighten() throws Exception {
        ActivePolicy tightened = override("mode=enforce").applyAtStart(policy("policy: p\nmode: audit\n"));

        assertThat(tightened.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(tightened.enforcing()).isTrue();
    }

    @Test
    void aHostMayWeakenOnlyWhereThePolicyPermitsIt() throws Exception {
        ActivePolicy permitted = override("mode=audit").applyAtStart(policy("policy: p\nmode_override: [audit]\n"));

        assertThat(permitted.mode()).isEqualTo(Mode.AUDIT);
        assertThat(permitted.enforcing()).isFalse();
        assertThat(permitted.revision()).isEqualTo(7);
        assertThatThrownBy(() -> override("mode=audit").applyAtStart(policy("policy: strict\n")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("mode=audit (agent argument) is refused: policy \"strict\" does not permit a local override"
                        + " to audit (its mode_override does not list it)");
        assertThatThrownBy(() -> override("mode=learn").applyAtStart(policy("policy: p\nmode_override: [audit]\n")))
                .isInstanceOf(ConfigException.class);
    }

    @Test
    void aReloadedPolicyThatNoLongerPermitsTheOverrideRunsInItsOwnMode() throws Exception {
        assertThat(override("mode=audit").applyOnReload(policy("policy: strict\n")).mode()).isEqualTo(Mode.ENFORCE);
    }

    @Test
    void anUnknownModeIsABadSetting() {
        assertThatThrownBy(() -> override("mode=lenient"))
                .hasMessage("mode must be enforce, audit or learn, not 'lenient' (agent argument)");
    }
}
