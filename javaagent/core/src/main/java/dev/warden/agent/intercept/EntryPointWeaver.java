package dev.warden.agent.intercept;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.Weave;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.Label;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Weaves catalogue {@link EntryPoint}s into a class file with plain ASM: a call to the entry's
 * bridge hook at the method's entry or before its returns, and the few instructions its
 * {@link Weave} needs. Nothing is resolved or loaded: the hook's descriptor follows from the
 * method's own, frames are written from the method's descriptor, and the stack grows by what the
 * hook call pushes. This is what keeps a general bytecode toolkit off Warden's start-up path.
 */
final class EntryPointWeaver {

    private static final String OBJECT = "java/lang/Object";
    private static final String OBJECT_DESCRIPTOR = "Ljava/lang/Object;";

    /**
     * The class file with every entry woven into its method, or null when the class declares none of
     * them; entries whose method is absent are added to {@code missing}, except entries for
     * implementations, which a class need not declare.
     */
    byte[] weave(byte[] classFile, List<EntryPoint> entries, List<EntryPoint> missing) {
        ClassReader reader = new ClassReader(classFile);
        Map<String, Integer> localsOfAroundMethods = localsOfAroundMethods(reader, entries);
        ClassWriter writer = new ClassWriter(reader, 0);
        // read once per class, not once per method visited
        String[] names = new String[entries.size()];
        String[] parameters = new String[entries.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = entries.get(i).methodName();
            parameters[i] = entries.get(i).parameterDescriptor();
        }
        // by identity: each entry is one line of a catalogue (and a record's hashCode costs a bootstrap at start)
        Set<EntryPoint> woven = Collections.newSetFromMap(new IdentityHashMap<>());
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            private String owner;

            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                owner = name;
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                MethodVisitor next = super.visitMethod(access, name, descriptor, signature, exceptions);
                if ((access & (Opcodes.ACC_ABSTRACT | Opcodes.ACC_NATIVE | Opcodes.ACC_BRIDGE)) != 0) {
                    return next;
                }
                List<EntryPoint> here = new ArrayList<>();
                for (int i = 0; i < names.length; i++) {
                    if (names[i].equals(name) && descriptor.startsWith(parameters[i])) {
                        here.add(entries.get(i));
                    }
                }
                if (here.isEmpty()) {
                    return next;
                }
                woven.addAll(here);
                Integer locals = localsOfAroundMethods.get(name + descriptor);
                return new HookedMethod(next, owner, access, name, descriptor, here, locals == null ? -1 : locals);
            }
        }, ClassReader.EXPAND_FRAMES);
        for (EntryPoint entry : entries) {
            if (!woven.contains(entry) && !entry.implementations()) {
                missing.add(entry);
            }
        }
        return woven.isEmpty() ? null : writer.toByteArray();
    }

    /**
     * The number of local variable slots of each method an {@link Weave#AROUND} entry applies to, by
     * name and descriptor: the entry keeps its hook's value in the slot after them, so no local of the
     * method moves. A first pass visits the code of those methods only.
     */
    private static Map<String, Integer> localsOfAroundMethods(ClassReader reader, List<EntryPoint> entries) {
        List<EntryPoint> around = new ArrayList<>();
        for (EntryPoint entry : entries) {
            if (entry.weave() == Weave.AROUND) {
                around.add(entry);
            }
        }
        if (around.isEmpty()) {
            return Map.of();
        }
        Map<String, Integer> locals = new HashMap<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                for (EntryPoint entry : around) {
                    if (entry.methodName().equals(name) && descriptor.startsWith(entry.parameterDescriptor())) {
                        return new MethodVisitor(Opcodes.ASM9) {
                            @Override
                            public void visitMaxs(int maxStack, int maxLocals) {
                                locals.put(name + descriptor, maxLocals);
                            }
                        };
                    }
                }
                return null;
            }
        }, ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return locals;
    }

    /** The JVM descriptor of the hook an entry woven into a method of {@code methodDescriptor} calls. */
    static String hookDescriptor(EntryPoint entry, String methodDescriptor) {
        Type[] parameters = Type.getArgumentTypes(methodDescriptor);
        Type result = Type.getReturnType(methodDescriptor);
        StringBuilder descriptor = new StringBuilder("(");
        if (entry.weave() == Weave.AFTER_RESULT) {
            descriptor.append(result.getDescriptor());
        }
        if (entry.self()) {
            descriptor.append("Ljava/lang/Object;");
        }
        for (int index : entry.arguments()) {
            descriptor.append(parameters[index].getDescriptor());
        }
        descriptor.append("I".repeat(entry.constants().size())).append(')');
        return descriptor.append(switch (entry.weave()) {
            case BEFORE, AFTER, AFTER_RESULT -> "V";
            case AROUND -> OBJECT_DESCRIPTOR;
            case SKIP_IF -> "Z";
            case SUBSTITUTE -> boxed(result).getDescriptor();
            case REPLACE_ARGUMENT -> parameters[entry.arguments().get(0)].getDescriptor();
        }).toString();
    }

    /** The JVM descriptor of an {@link Weave#AROUND} entry's exit hook. */
    static String exitHookDescriptor(EntryPoint entry) {
        return "(" + OBJECT_DESCRIPTOR + (entry.resultToExit() ? OBJECT_DESCRIPTOR : "") + "Ljava/lang/Throwable;)V";
    }

    private static Type boxed(Type type) {
        return switch (type.getSort()) {
            case Type.BOOLEAN -> Type.getType(Boolean.class);
            case Type.BYTE -> Type.getType(Byte.class);
            case Type.CHAR -> Type.getType(Character.class);
            case Type.SHORT -> Type.getType(Short.class);
            case Type.INT -> Type.getType(Integer.class);
            case Type.LONG -> Type.getType(Long.class);
            case Type.FLOAT -> Type.getType(Float.class);
            case Type.DOUBLE -> Type.getType(Double.class);
            case Type.VOID -> throw new IllegalArgumentException("a void method has no result to substitute: use SKIP_IF");
            default -> type;
        };
    }

    private static final class HookedMethod extends MethodVisitor {
        private final String owner;
        private final boolean isStatic;
        private final String descriptor;
        private final Type[] parameters;
        private final Type result;
        private final List<EntryPoint> entries;
        /** The one {@link Weave#AROUND} entry, or null. */
        private final EntryPoint around;
        /** Where the around entry keeps its hook's value: the slot after the method's own locals. */
        private final int aroundSlot;
        private final Label aroundStart = new Label();
        private int extraStack;

        HookedMethod(MethodVisitor next, String owner, int access, String name, String descriptor, List<EntryPoint> entries,
                int methodLocals) {
            super(Opcodes.ASM9, next);
            this.owner = owner;
            this.isStatic = (access & Opcodes.ACC_STATIC) != 0;
            this.descriptor = descriptor;
            this.parameters = Type.getArgumentTypes(descriptor);
            this.result = Type.getReturnType(descriptor);
            this.entries = entries;
            EntryPoint aroundEntry = null;
            for (EntryPoint entry : entries) {
                if (entry.self() && isStatic) {
                    throw new IllegalArgumentException(entry.type() + "." + entry.method() + " is static: it has no receiver to pass");
                }
                if (entry.weave() == Weave.AROUND) {
                    if (aroundEntry != null || name.equals("<init>")) {
                        throw new IllegalArgumentException(entry.type() + "." + entry.method()
                                + ": one AROUND entry per method, and none in a constructor");
                    }
                    if (entry.resultToExit() && result.getSort() != Type.OBJECT && result.getSort() != Type.ARRAY) {
                        throw new IllegalArgumentException(entry.type() + "." + entry.method()
                                + ": only a reference result goes to an exit hook");
                    }
                    aroundEntry = entry;
                }
            }
            if (aroundEntry != null && methodLocals < 0) {
                throw new IllegalStateException(aroundEntry.type() + "." + aroundEntry.method() + ": its locals were not counted");
            }
            this.around = aroundEntry;
            this.aroundSlot = methodLocals;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            for (EntryPoint entry : entries) {
                switch (entry.weave()) {
                    case BEFORE -> callHook(entry);
                    case SKIP_IF -> skipIf(entry);
                    case SUBSTITUTE -> substitute(entry);
                    case REPLACE_ARGUMENT -> {
                        int index = entry.arguments().get(0);
                        callHook(entry);
                        super.visitVarInsn(parameters[index].getOpcode(Opcodes.ISTORE), slotOf(index));
                    }
                    case AFTER, AFTER_RESULT, AROUND -> {
                        // woven at each return; around's entry below, after every other entry's frames
                    }
                }
            }
            if (around != null) {
                aroundEnter();
            }
        }

        /**
         * {@code Object value = enter(...); if (value instanceof String) throw new E((String) value, state);}
         * then the method's own code, inside a handler for any throwable.
         */
        private void aroundEnter() {
            callHook(around);
            if (around.deniedWith() != null) {
                String exception = around.deniedWith().replace('.', '/');
                Label allowed = new Label();
                super.visitInsn(Opcodes.DUP);
                super.visitTypeInsn(Opcodes.INSTANCEOF, "java/lang/String");
                super.visitJumpInsn(Opcodes.IFEQ, allowed);
                super.visitTypeInsn(Opcodes.CHECKCAST, "java/lang/String");
                super.visitTypeInsn(Opcodes.NEW, exception);
                super.visitInsn(Opcodes.DUP_X1);
                super.visitInsn(Opcodes.SWAP);
                String constructor = "(Ljava/lang/String;)V";
                if (around.deniedState() != null) {
                    super.visitLdcInsn(around.deniedState());
                    constructor = "(Ljava/lang/String;Ljava/lang/String;)V";
                }
                super.visitMethodInsn(Opcodes.INVOKESPECIAL, exception, "<init>", constructor, false);
                super.visitInsn(Opcodes.ATHROW);
                super.visitLabel(allowed);
                visitEntryFrame(Type.getObjectType(OBJECT));
            }
            extraStack = Math.max(extraStack, Math.max(hookArgumentSlots(around), 4));
            super.visitVarInsn(Opcodes.ASTORE, aroundSlot);
            super.visitLabel(aroundStart);
        }

        /** {@code exit(value, [result,] null)}, with the result on the stack, left there for the return. */
        private void aroundExit() {
            if (around.resultToExit()) {
                super.visitInsn(Opcodes.DUP);
                super.visitVarInsn(Opcodes.ALOAD, aroundSlot);
                super.visitInsn(Opcodes.SWAP);
            } else {
                super.visitVarInsn(Opcodes.ALOAD, aroundSlot);
            }
            super.visitInsn(Opcodes.ACONST_NULL);
            callExitHook();
        }

        /** The handler after the method's code: {@code catch (Throwable t) { exit(value, [null,] t); throw t; }}. */
        private void aroundHandler() {
            Label end = new Label();
            Label handler = new Label();
            super.visitLabel(end);
            super.visitLabel(handler);
            List<Object> locals = entryLocals();
            padTo(locals, aroundSlot);
            locals.add(OBJECT);
            super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), 1, new Object[] {"java/lang/Throwable"});
            super.visitInsn(Opcodes.DUP);
            super.visitVarInsn(Opcodes.ALOAD, aroundSlot);
            super.visitInsn(Opcodes.SWAP);
            if (around.resultToExit()) {
                super.visitInsn(Opcodes.ACONST_NULL);
                super.visitInsn(Opcodes.SWAP);
            }
            callExitHook();
            super.visitInsn(Opcodes.ATHROW);
            // registered after the method's own handlers, so that theirs are tried first
            super.visitTryCatchBlock(aroundStart, end, handler, "java/lang/Throwable");
        }

        private void callExitHook() {
            super.visitMethodInsn(Opcodes.INVOKESTATIC, around.hookOwner().replace('.', '/'), around.exitHookName(),
                    exitHookDescriptor(around), false);
        }

        /** The method's own frames, with the around entry's value in its slot. */
        @Override
        public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
            if (around == null) {
                super.visitFrame(type, numLocal, local, numStack, stack);
                return;
            }
            List<Object> locals = new ArrayList<>(numLocal + 2);
            for (int i = 0; i < numLocal; i++) {
                locals.add(local[i]);
            }
            padTo(locals, aroundSlot);
            locals.add(OBJECT);
            super.visitFrame(type, locals.size(), locals.toArray(), numStack, stack);
        }

        /** Adds unusable slots to frame {@code locals} until the next one is {@code slot} (long and double take two). */
        private static void padTo(List<Object> locals, int slot) {
            int used = 0;
            for (Object local : locals) {
                used += local == Opcodes.LONG || local == Opcodes.DOUBLE ? 2 : 1;
            }
            for (; used < slot; used++) {
                locals.add(Opcodes.TOP);
            }
        }

        @Override
        public void visitInsn(int opcode) {
            if (opcode >= Opcodes.IRETURN && opcode <= Opcodes.RETURN) {
                for (EntryPoint entry : entries) {
                    if (entry.weave() == Weave.AFTER) {
                        callHook(entry);
                    } else if (entry.weave() == Weave.AFTER_RESULT) {
                        if (result.getSort() == Type.VOID) {
                            throw new IllegalArgumentException(entry.method() + ": a void method has no result: use AFTER");
                        }
                        super.visitInsn(result.getSize() == 2 ? Opcodes.DUP2 : Opcodes.DUP);
                        extraStack = Math.max(extraStack, result.getSize() + hookArgumentSlots(entry));
                        callHook(entry);
                    }
                }
                if (around != null) {
                    aroundExit();
                }
            }
            super.visitInsn(opcode);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            if (around != null) {
                aroundHandler();
                super.visitMaxs(maxStack + extraStack, Math.max(maxLocals, aroundSlot + 1));
                return;
            }
            super.visitMaxs(maxStack + extraStack, maxLocals);
        }

        /** {@code if (hook(...)) return <failure value>;} */
        private void skipIf(EntryPoint entry) {
            callHook(entry);
            Label run = new Label();
            super.visitJumpInsn(Opcodes.IFEQ, run);
            pushFailureValue();
            super.visitInsn(result.getOpcode(Opcodes.IRETURN));
            super.visitLabel(run);
            visitEntryFrame(null);
            // keeps an original frame at the first instruction from sharing this offset
            super.visitInsn(Opcodes.NOP);
            extraStack = Math.max(extraStack, result.getSize());
        }

        /** {@code Object r = hook(...); if (r != null) return r;} (unboxed for a primitive result). */
        private void substitute(EntryPoint entry) {
            callHook(entry);
            Type hookResult = boxed(result);
            super.visitInsn(Opcodes.DUP);
            Label run = new Label();
            super.visitJumpInsn(Opcodes.IFNULL, run);
            if (result.getSort() != Type.OBJECT && result.getSort() != Type.ARRAY) {
                super.visitMethodInsn(Opcodes.INVOKEVIRTUAL, hookResult.getInternalName(), result.getClassName() + "Value",
                        "()" + result.getDescriptor(), false);
            }
            super.visitInsn(result.getOpcode(Opcodes.IRETURN));
            super.visitLabel(run);
            visitEntryFrame(hookResult);
            super.visitInsn(Opcodes.POP);
            extraStack = Math.max(extraStack, 2);
        }

        private void pushFailureValue() {
            switch (result.getSort()) {
                case Type.VOID -> {
                }
                case Type.LONG -> super.visitInsn(Opcodes.LCONST_0);
                case Type.FLOAT -> super.visitInsn(Opcodes.FCONST_0);
                case Type.DOUBLE -> super.visitInsn(Opcodes.DCONST_0);
                case Type.OBJECT, Type.ARRAY -> super.visitInsn(Opcodes.ACONST_NULL);
                default -> super.visitInsn(Opcodes.ICONST_0);
            }
        }

        private void callHook(EntryPoint entry) {
            if (entry.self()) {
                super.visitVarInsn(Opcodes.ALOAD, 0);
            }
            for (int index : entry.arguments()) {
                super.visitVarInsn(parameters[index].getOpcode(Opcodes.ILOAD), slotOf(index));
            }
            for (int constant : entry.constants()) {
                super.visitLdcInsn(constant);
            }
            extraStack = Math.max(extraStack, Math.max(hookArgumentSlots(entry), 2));
            super.visitMethodInsn(Opcodes.INVOKESTATIC, entry.hookOwner().replace('.', '/'), entry.hookName(),
                    hookDescriptor(entry, descriptor), false);
        }

        private int hookArgumentSlots(EntryPoint entry) {
            int slots = (entry.self() ? 1 : 0) + entry.constants().size();
            for (int index : entry.arguments()) {
                slots += parameters[index].getSize();
            }
            return slots;
        }

        private int slotOf(int argument) {
            int slot = isStatic ? 0 : 1;
            for (int i = 0; i < argument; i++) {
                slot += parameters[i].getSize();
            }
            return slot;
        }

        /** The frame at the method's start: its receiver and parameters, and {@code onStack} (or nothing). */
        private void visitEntryFrame(Type onStack) {
            List<Object> locals = entryLocals();
            Object[] stack = onStack == null ? new Object[0] : new Object[] {frameType(onStack)};
            super.visitFrame(Opcodes.F_NEW, locals.size(), locals.toArray(), stack.length, stack);
        }

        private List<Object> entryLocals() {
            List<Object> locals = new ArrayList<>();
            if (!isStatic) {
                locals.add(owner);
            }
            for (Type parameter : parameters) {
                locals.add(frameType(parameter));
            }
            return locals;
        }

        private static Object frameType(Type type) {
            return switch (type.getSort()) {
                case Type.BOOLEAN, Type.BYTE, Type.CHAR, Type.SHORT, Type.INT -> Opcodes.INTEGER;
                case Type.LONG -> Opcodes.LONG;
                case Type.FLOAT -> Opcodes.FLOAT;
                case Type.DOUBLE -> Opcodes.DOUBLE;
                default -> type.getInternalName();
            };
        }
    }
}
