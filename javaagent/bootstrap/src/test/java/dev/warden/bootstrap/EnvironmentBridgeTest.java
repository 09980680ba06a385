package dev.warden.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** When the core cannot answer (failure mode closed), the app and its children see no variable at all. */
class EnvironmentBridgeTest {

    /** Hooks that fail, as a core in trouble would. */
    private static final class FailingHooks implements EnvironmentHooks {
        @Override
        public boolean hides(String name) {
            throw new IllegalStateException("broken");
        }

        @Override
        public boolean hidesAny() {
            throw new IllegalStateException("broken");
        }

        @Override
        public Map<String, String> appEnvironment() {
            throw new IllegalStateException("broken");
        }

        @Override
        public Map<String, String> childEnvironment() {
            throw new IllegalStateException("broken");
        }
    }

    @BeforeAll
    static void install() {
        WardenBridgeTest.install();
        EnvironmentBridge.install(new FailingHooks(), WardenBridgeTest.CAPABILITY);
    }

    @Test
    void aFailingCoreHidesEveryVariableFromTheAppAndFromTheChildrenItStarts() {
        assertThat(EnvironmentBridge.hides("PATH")).isTrue();
        assertThat(EnvironmentBridge.appEnvironment()).isEmpty();
        assertThat(EnvironmentBridge.childNeedsCopy()).isTrue();

        Map<String, String> child = EnvironmentBridge.childEnvironment();
        assertThat(child).as("not the JVM's environment: an empty copy a child can be started with").isEmpty();
        child.put("APP_SETTING", "set by the app");
        assertThat(child).containsEntry("APP_SETTING", "set by the app");
    }
}
