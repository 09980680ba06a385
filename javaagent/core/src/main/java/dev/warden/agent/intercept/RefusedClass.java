package dev.warden.agent.intercept;

import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * The class file that stands in for a class Warden must mediate but could not weave, in enforce
 * mode: same name, superclass and interfaces, no members, and a static initializer that throws
 * {@link SecurityException} with Warden's reason. Every use of the class (an instance, a static
 * member, a subclass) initializes it first, so the class is unusable rather than unmediated, and
 * the app's error names why. A class file too broken even to read its header is made one the JVM
 * refuses to define ({@link ClassFormatError}).
 */
final class RefusedClass {

    private RefusedClass() {
    }

    static byte[] standIn(byte[] classFile, String reason) {
        ClassReader header;
        try {
            header = new ClassReader(classFile);
            header.getSuperName();
        } catch (RuntimeException unreadable) {
            byte[] refused = classFile.clone();
            refused[0] = 0; // no longer a class file's magic number
            return refused;
        }
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        int access = header.getAccess() & (Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL | Opcodes.ACC_ABSTRACT) | Opcodes.ACC_SUPER;
        writer.visit(Opcodes.V1_8, access, header.getClassName(), null, header.getSuperName(), header.getInterfaces());
        MethodVisitor init = writer.visitMethod(Opcodes.ACC_STATIC, "<clinit>", "()V", null, null);
        init.visitCode();
        init.visitTypeInsn(Opcodes.NEW, "java/lang/SecurityException");
        init.visitInsn(Opcodes.DUP);
        init.visitLdcInsn(reason);
        init.visitMethodInsn(Opcodes.INVOKESPECIAL, "java/lang/SecurityException", "<init>", "(Ljava/lang/String;)V", false);
        init.visitInsn(Opcodes.ATHROW);
        init.visitMaxs(0, 0);
        init.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
