package dev.warden.agent.decide;

import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Opcodes;

/** Classes named like the JDK's (any class loader may define one outside {@code java.}), for the caller checks. */
final class SpoofedClasses {

    private SpoofedClasses() {
    }

    /** An empty public class of that name, defined by a loader of its own. */
    static Class<?> named(String name) {
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
