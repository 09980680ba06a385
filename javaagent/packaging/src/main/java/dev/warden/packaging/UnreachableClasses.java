package dev.warden.packaging;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import net.bytebuddy.jar.asm.AnnotationVisitor;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.FieldVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.RecordComponentVisitor;
import net.bytebuddy.jar.asm.TypePath;
import net.bytebuddy.jar.asm.commons.ClassRemapper;
import net.bytebuddy.jar.asm.commons.Remapper;

/**
 * Deletes, from a directory of staged classes, the classes under the given package prefixes that
 * no other class can reach. The roots are every class outside those prefixes and every class a
 * {@code META-INF/services} file names; a class is reached when a reached class names it anywhere in
 * its class file (constant pool, descriptors, signatures, annotations). A library reached only by
 * name in a string (reflection) must not be given as a prefix.
 *
 * <p>Usage: {@code UnreachableClasses DIR PREFIX...}, prefixes as internal names
 * ({@code org/bouncycastle/}).
 */
public final class UnreachableClasses {

    private final Path root;
    private final List<String> prefixes;

    UnreachableClasses(Path root, List<String> prefixes) {
        this.root = root;
        this.prefixes = prefixes;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            throw new IllegalArgumentException("usage: UnreachableClasses DIR PREFIX...");
        }
        UnreachableClasses shrinker = new UnreachableClasses(Path.of(args[0]), List.of(args).subList(1, args.length));
        Set<String> all = shrinker.classes();
        long candidates = all.stream().filter(shrinker::shrinkable).count();
        Set<String> unreachable = shrinker.unreachable(all);
        for (String name : unreachable) {
            Files.delete(shrinker.file(name));
        }
        System.out.printf("[warden-packaging] kept %d of %d classes under %s%n",
                candidates - unreachable.size(), candidates, shrinker.prefixes);
    }

    /** The classes under the prefixes that no root reaches, as internal names; {@code all}: every staged class. */
    Set<String> unreachable(Set<String> all) throws IOException {
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>();
        for (String name : all) {
            if (!shrinkable(name)) {
                pending.add(name);
            }
        }
        pending.addAll(serviceProviders());
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (!all.contains(name) || !reached.add(name)) {
                continue;
            }
            for (String referenced : references(Files.readAllBytes(file(name)))) {
                if (!reached.contains(referenced)) {
                    pending.push(referenced);
                }
            }
        }
        Set<String> unreachable = new TreeSet<>(all);
        unreachable.removeAll(reached);
        return unreachable;
    }

    private boolean shrinkable(String name) {
        for (String prefix : prefixes) {
            if (name.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private Set<String> classes() throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            Set<String> names = new TreeSet<>();
            files.filter(path -> path.toString().endsWith(".class"))
                    .map(path -> root.relativize(path).toString().replace('\\', '/'))
                    .filter(name -> !name.startsWith("META-INF/"))
                    .forEach(name -> names.add(name.substring(0, name.length() - ".class".length())));
            return names;
        }
    }

    private Set<String> serviceProviders() throws IOException {
        Path services = root.resolve("META-INF/services");
        Set<String> providers = new HashSet<>();
        if (!Files.isDirectory(services)) {
            return providers;
        }
        try (Stream<Path> files = Files.list(services)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                for (String line : Files.readAllLines(file)) {
                    String provider = line.replaceFirst("#.*", "").trim();
                    if (!provider.isEmpty()) {
                        providers.add(provider.replace('.', '/'));
                    }
                }
            }
        }
        return providers;
    }

    private Path file(String name) {
        return root.resolve(name + ".class");
    }

    /** Every class a class file names, as internal names. */
    static Set<String> references(byte[] classFile) {
        Set<String> names = new HashSet<>();
        Remapper collector = new Remapper() {
            @Override
            public String map(String internalName) {
                names.add(internalName);
                return internalName;
            }
        };
        try {
            new ClassReader(classFile).accept(new ClassRemapper(new EveryPart(), collector), 0);
        } catch (RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot read a class file: " + e, e));
        }
        return names;
    }

    /**
     * Visits every part of a class and discards it: the remapper in front only reaches the parts
     * (method bodies, fields, annotations) whose visitor is not null.
     */
    private static final class EveryPart extends ClassVisitor {

        private static final AnnotationVisitor ANNOTATION = new AnnotationVisitor(Opcodes.ASM9) {
            @Override
            public AnnotationVisitor visitAnnotation(String name, String descriptor) {
                return this;
            }

            @Override
            public AnnotationVisitor visitArray(String name) {
                return this;
            }
        };

        EveryPart() {
            super(Opcodes.ASM9);
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return ANNOTATION;
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath typePath, String descriptor, boolean visible) {
            return ANNOTATION;
        }

        @Override
        public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
            return new RecordComponentVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return ANNOTATION;
                }
            };
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return ANNOTATION;
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return ANNOTATION;
                }

                @Override
                public AnnotationVisitor visitAnnotationDefault() {
                    return ANNOTATION;
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
                    return ANNOTATION;
                }
            };
        }
    }
}
