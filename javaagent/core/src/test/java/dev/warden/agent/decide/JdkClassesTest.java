package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;
import org.junit.jupiter.api.Test;

class JdkClassesTest {

    @Test
    void theJdksClassesAreTheOnesOfItsModulesWhateverAClassIsNamed() throws Exception {
        assertThat(JdkClasses.isJdks(String.class)).isTrue();
        assertThat(JdkClasses.isJdks(Class.forName("sun.misc.Unsafe"))).as("jdk.unsupported").isTrue();
        assertThat(JdkClasses.isJdks(Class.forName("jdk.internal.reflect.Reflection"))).isTrue();

        assertThat(JdkClasses.isJdks(named("sun.misc.UnsafeHelper"))).as("a JDK package name, another loader").isFalse();
        assertThat(JdkClasses.isJdks(named("jdk.internal.reflect.Spoof"))).isFalse();
        assertThat(JdkClasses.isJdks(JdkClassesTest.class)).isFalse();
    }

    /** An empty class of that name, defined by a loader of its own (any loader may, outside java.*). */
    private static Class<?> named(String name) {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V17, Opcodes.ACC_PUBLIC, name.replace('.', '/'), null, "java/lang/Object", null);
        writer.visitEnd();
        byte[] classFile = writer.toByteArray();
        return new ClassLoader(null) {
            Class<?> define() {
                return defineClass(name, classFile, 0, classFile.length);
            }
        }.define();
    }
}
