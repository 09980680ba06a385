package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class WardenConfigTest {

    private static Properties properties(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void agentArgumentsWinOverSystemPropertiesWhichWinOverEnvironment() throws Exception {
        WardenConfig config = WardenConfig.load("policy=/from/args.yaml",
                properties("warden.policy", "/from/property.yaml", "warden.failure", "open"),
                Map.of("WARDEN_POLICY", "/from/env.yaml", "WARDEN_FAILURE", "closed", "WARDEN_REQUIRE_SIGNED", "true"));

        assertThat(config.get("policy")).isEqualTo("/from/args.yaml");
        assertThat(config.origin("policy")).isEqualTo("agent argument");
        assertThat(config.failOpen()).isTrue();
        assertThat(config.origin("failure")).isEqualTo("system property");
        assertThat(config.flag("require-signed")).isTrue();
        assertThat(config.origin("require-signed")).isEqualTo("environment");
    }

    @Test
    void severalAgentArgumentsAreJoinedWithCommas() throws Exception {
        WardenConfig config = WardenConfig.load("policy=p.yaml, failure=open,debug=true", new Properties(), Map.of());

        assertThat(config.get("policy")).isEqualTo("p.yaml");
        assertThat(config.failOpen()).isTrue();
        assertThat(config.flag("debug")).isTrue();
    }

    @Test
    void failureModeDefaultsToClosed() throws Exception {
        assertThat(WardenConfig.load(null, new Properties(), Map.of()).failOpen()).isFalse();
    }

    @Test
    void aTypoInAnAgentArgumentIsAnErrorNotASilentDefault() {
        assertThatThrownBy(() -> WardenConfig.load("polcy=p.yaml", new Properties(), Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("unknown agent argument 'polcy'");
    }

    @Test
    void badValuesNameTheirOrigin() {
        assertThatThrownBy(() -> WardenConfig.load(null, properties("warden.failure", "maybe"), Map.of()))
                .hasMessage("failure must be closed or open, not 'maybe' (system property)");
        assertThatThrownBy(() -> WardenConfig.load(null, new Properties(), Map.of("WARDEN_REQUIRE_SIGNED", "yes")))
                .hasMessage("require-signed must be true or false, not 'yes' (environment)");
        assertThatThrownBy(() -> WardenConfig.load("policy", new Properties(), Map.of()))
                .hasMessage("agent argument 'policy' is not key=value");
        assertThatThrownBy(() -> WardenConfig.load("reload=soon", new Properties(), Map.of()))
                .hasMessage("reload must be a whole number of seconds (0 = off), not 'soon' (agent argument)");
    }

    @Test
    void dataKeysComeFromTheNamedFileOrEnvironmentVariableAndAbsentMeansNone() throws Exception {
        assertThat(WardenConfig.load("", new Properties(), Map.of()).dataKeys(name -> null)).isEmpty();
        assertThatThrownBy(() -> WardenConfig.load("keys=/nonexistent/data.keys", new Properties(), Map.of()).dataKeys(name -> null))
                .hasMessageStartingWith("keys=/nonexistent/data.keys: no such file");
        assertThatThrownBy(() -> WardenConfig.load("keys=env:APP_KEYS", new Properties(), Map.of()).dataKeys(name -> null))
                .hasMessage("keys=env:APP_KEYS: environment variable APP_KEYS is not set");
    }
}
