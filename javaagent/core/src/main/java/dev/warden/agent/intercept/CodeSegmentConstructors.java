package dev.warden.agent.intercept;

import net.bytebuddy.asm.AsmVisitorWrapper;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.Implementation;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.TypePath;
import net.bytebuddy.pool.TypePool;

/**
 * The constructors of the classes in code segments, woven by hand because {@code Advice} cannot
 * catch what a constructor throws: the thread enters the class's segments when the constructor
 * starts and leaves them when it returns or throws. A handler cannot cover the super (or this)
 * constructor call, so it covers everything after it; a throw from the super call or its arguments
 * leaves the thread in the segment until an enclosing segment method or scope ends: narrower,
 * never wider. Needs frames computed ({@code COMPUTE_FRAMES}): the weaver asks for it.
 */
final class CodeSegmentConstructors implements AsmVisitorWrapper.ForDeclaredMethods.MethodVisitorWrapper {

    private static final String BRIDGE = "dev/warden/bootstrap/ScopeBridge";
    private static final String ENTERED = "(Ljava/lang/Class;)Ljava/lang/Object;";
    private static final String LEFT = "(Ljava/lang/Object;)V";

    @Override
    public MethodVisitor wrap(TypeDescription instrumentedType, MethodDescription instrumentedMethod,
            MethodVisitor methodVisitor, Implementation.Context implementationContext, TypePool typePool,
            int writerFlags, int readerFlags) {
        return new Woven(methodVisitor, Type.getObjectType(instrumentedType.getInternalName()),
                instrumentedMethod.getStackSize());
    }

    /**
     * The token {@code codeEntered} returns lives in a new local at the first index after the
     * arguments; the constructor's own locals move up by one.
     */
    private static final class Woven extends MethodVisitor {
        private final Type owner;
        private final int token;
        private int objectsCreated;
        private boolean superCalled;
        private final Label covered = new Label();
        private final Label coveredEnd = new Label();
        private final Label handler = new Label();

        Woven(MethodVisitor next, Type owner, int argumentsSize) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.token = argumentsSize;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            super.visitLdcInsn(owner);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "codeEntered", ENTERED, false);
            super.visitVarInsn(Opcodes.ASTORE, token);
        }

        @Override
        public void visitTypeInsn(int opcode, String type) {
            if (opcode == Opcodes.NEW) {
                objectsCreated++;
            }
            super.visitTypeInsn(opcode, type);
        }

        /** Every {@code <init>} but the super or this call initialises an object a NEW created before it. */
        @Override
        public void visitMethodInsn(int opcode, String methodOwner, String name, String descriptor, boolean isInterface) {
            super.visitMethodInsn(opcode, methodOwner, name, descriptor, isInterface);
            if (opcode == Opcodes.INVOKESPECIAL && name.equals("<init>") && !superCalled) {
                if (objectsCreated > 0) {
                    objectsCreated--;
                } else {
                    superCalled = true;
                    super.visitTryCatchBlock(covered, coveredEnd, handler, null);
                    super.visitLabel(covered);
                }
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode == Opcodes.RETURN) {
                leave();
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitVarInsn(int opcode, int index) {
            super.visitVarInsn(opcode, moved(index));
        }

        @Override
        public void visitIincInsn(int index, int increment) {
            super.visitIincInsn(moved(index), increment);
        }

        @Override
        public void visitLocalVariable(String name, String descriptor, String signature, Label start, Label end, int index) {
            super.visitLocalVariable(name, descriptor, signature, start, end, moved(index));
        }

        @Override
        public AnnotationVisitor visitLocalVariableAnnotation(int typeRef,
                TypePath typePath, Label[] start, Label[] end, int[] index, String descriptor,
                boolean visible) {
            int[] movedIndexes = new int[index.length];
            for (int i = 0; i < index.length; i++) {
                movedIndexes[i] = moved(index[i]);
            }
            return super.visitLocalVariableAnnotation(typeRef, typePath, start, end, movedIndexes, descriptor, visible);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (superCalled) {
                super.visitLabel(coveredEnd);
                super.visitLabel(handler);
                leave();
                super.visitInsn(Opcodes.ATHROW);
            }
            super.visitMaxs(maxStack, maxLocals + 1);
        }

        private void leave() {
            super.visitVarInsn(Opcodes.ALOAD, token);
            super.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, "codeLeft", LEFT, false);
        }

        private int moved(int index) {
            return index >= token ? index + 1 : index;
        }
    }
}
