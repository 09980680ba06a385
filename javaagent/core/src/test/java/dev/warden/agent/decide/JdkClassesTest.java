package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdkClassesTest {

    @Test
    void theJdksClassesAreTheOnesOfItsModulesWhateverAClassIsNamed() throws Exception {
        assertThat(JdkClasses.isJdks(String.class)).isTrue();
        assertThat(JdkClasses.isJdks(Class.forName("sun.misc.Unsafe"))).as("jdk.unsupported").isTrue();
        assertThat(JdkClasses.isJdks(Class.forName("jdk.internal.reflect.Reflection"))).isTrue();

        assertThat(JdkClasses.isJdks(SpoofedClasses.named("sun.misc.UnsafeHelper"))).as("a JDK package name, another loader").isFalse();
        assertThat(JdkClasses.isJdks(SpoofedClasses.named("jdk.internal.reflect.Spoof"))).isFalse();
        assertThat(JdkClasses.isJdks(JdkClassesTest.class)).isFalse();
    }
}
