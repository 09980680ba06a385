package dev.warden.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.ClassWriter;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.SimpleRemapper;

/**
 * Rewrites, in a directory of staged classes, the classes under the given package prefixes so that
 * they use a logger class of Warden's instead of {@code java.util.logging.Logger}: a library class
 * that makes a logger in a static initialiser run at the agent's start would otherwise start
 * {@code java.util.logging} inside {@code premain}, before the app chooses its log manager. The
 * build fails when a rewritten class calls a method the replacement lacks, extends the logger, or
 * reads a field of it: nothing is left to fail at run time.
 *
 * <p>Usage: {@code LibraryLogging DIR REPLACEMENT PREFIX...}, names as internal names
 * ({@code dev/warden/agent/record/LibraryLogger}, {@code dev/warden/shaded/org/bouncycastle/}).
 */
public final class LibraryLogging {

    static final String JUL_LOGGER = "java/util/logging/Logger";

    private LibraryLogging() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: LibraryLogging DIR REPLACEMENT PREFIX...");
        }
        Path root = Path.of(args[0]);
        String replacement = args[1];
        List<String> prefixes = List.of(args).subList(2, args.length);
        Path replacementFile = root.resolve(replacement + ".class");
        if (!Files.isRegularFile(replacementFile)) {
            throw new IllegalStateException("the replacement logger " + replacement + " is not staged in " + root);
        }
        Set<String> offered = methods(Files.readAllBytes(replacementFile));
        List<String> rewritten = new ArrayList<>();
        for (Path file : classFiles(root, prefixes)) {
            byte[] classFile = Files.readAllBytes(file);
            if (!UnreachableClasses.references(classFile).contains(JUL_LOGGER)) {
                continue;
            }
            Set<String> used = new TreeSet<>();
            byte[] result = rewrite(classFile, replacement, used);
            used.removeAll(offered);
            if (!used.isEmpty()) {
                throw new IllegalStateException(root.relativize(file) + " uses " + used + " of java.util.logging.Logger, which "
                        + replacement + " does not offer; add them to it");
            }
            Files.write(file, result);
            rewritten.add(root.relativize(file).toString());
        }
        System.out.printf("[warden-packaging] %d classes under %s log through %s instead of java.util.logging%n",
                rewritten.size(), prefixes, replacement);
    }

    /**
     * The class with every reference to {@code java.util.logging.Logger} made to {@code replacement};
     * adds to {@code used} what it uses of the replacement, as {@code static name descriptor} or
     * {@code name descriptor} (or {@code extends}, {@code field name}: what no replacement offers).
     */
    static byte[] rewrite(byte[] classFile, String replacement, Set<String> used) {
        ClassWriter writer = new ClassWriter(0);
        ClassVisitor recorder = new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
                if (replacement.equals(superName)) {
                    used.add("extends");
                }
                super.visit(version, access, name, signature, superName, interfaces);
            }

            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                return new MethodVisitor(Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, exceptions)) {
                    @Override
                    public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor, boolean isInterface) {
                        if (replacement.equals(owner)) {
                            used.add((opcode == Opcodes.INVOKESTATIC ? "static " : "") + method + " " + methodDescriptor);
                        }
                        super.visitMethodInsn(opcode, owner, method, methodDescriptor, isInterface);
                    }

                    @Override
                    public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                        if (replacement.equals(owner)) {
                            used.add("field " + field);
                        }
                        super.visitFieldInsn(opcode, owner, field, fieldDescriptor);
                    }
                };
            }
        };
        new ClassReader(classFile).accept(new ClassRemapper(recorder, new SimpleRemapper(JUL_LOGGER, replacement)), 0);
        return writer.toByteArray();
    }

    /** The public methods of a class file, as {@link #rewrite} names what it uses. */
    static Set<String> methods(byte[] classFile) {
        Set<String> methods = new TreeSet<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if ((access & Opcodes.ACC_PUBLIC) != 0) {
                    methods.add(((access & Opcodes.ACC_STATIC) != 0 ? "static " : "") + name + " " + descriptor);
                }
                return null;
            }
        }, ClassReader.SKIP_CODE);
        return methods;
    }

    /** The class files whose internal names start with a prefix; a prefix no class has is a mistake in the build. */
    private static List<Path> classFiles(Path root, List<String> prefixes) throws IOException {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(root)) {
            walk.filter(path -> path.toString().endsWith(".class")).sorted().forEach(files::add);
        }
        List<Path> matching = new ArrayList<>();
        for (String prefix : prefixes) {
            int before = matching.size();
            for (Path file : files) {
                if (root.relativize(file).toString().replace('\\', '/').startsWith(prefix)) {
                    matching.add(file);
                }
            }
            if (matching.size() == before) {
                throw new IllegalStateException("no class is staged under " + prefix + " in " + root);
            }
        }
        return matching;
    }
}
