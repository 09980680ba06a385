package dev.warden.agent.intercept;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.ClassVisitor;
import net.bytebuddy.jar.asm.MethodVisitor;
import net.bytebuddy.jar.asm.Opcodes;

/**
 * Which target interfaces (e.g. {@code java/sql/Driver}) a class being defined implements, directly
 * or through its superclasses and superinterfaces. Reads class file headers only: the class being
 * defined from the bytes at hand, its supertypes as resources of its own loader. Never loads a
 * class, so it is safe inside a transformer. Answers are kept per loader (weakly), so each supertype
 * is read once.
 *
 * <p>The JVM loads a class's supertypes after the transformers have seen the class, so a supertype
 * that is not loaded yet must be read. One that is loaded is not: the direct supertypes of every type
 * the transformer sees defined (interfaces too, which are never advised themselves) and of the
 * classes loaded where it could not see them ({@link #recordLoaded}) are recorded, and a later
 * subclass is answered from them.
 *
 * <p>Most classes declare none of the methods the advice applies to ({@code execute}, {@code connect},
 * ...): they are never woven, whatever they implement, so their supertypes are not read. Each is kept
 * as a pending subclass of its superclass instead: a superclass that does declare such a method,
 * defined right after, is matched with the targets of its pending subclasses (it is woven for the
 * methods they inherit from it).
 */
final class SupertypeMatcher {

    /**
     * The JDK's own packages, read from the platform loader. Warden's classes are told by their
     * loader (the boot loader, Warden's own), not by name: an app's class may be named anything.
     */
    private static final String[] PLATFORM_PREFIXES = {"java/", "javax/", "jdk/", "sun/", "com/sun/"};
    private static final Set<String> NONE = Collections.emptySet();
    private static final int CONSTANT_UTF8 = 1;

    private final Set<String> targets;
    /** The targets' binary names, as loaded classes name them. */
    private final Set<String> targetNames;
    private final ClassLoader agentLoader;
    private final Map<ClassLoader, Map<String, Set<String>>> byLoader = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * Superclasses of matched classes that do not implement a target themselves but may declare the
     * methods their subclass inherits (sqlite-jdbc's {@code JDBC3Statement} under {@code JDBC4Statement}):
     * a superclass is loaded right after its subclass is defined, and is then advised like it.
     */
    private final Map<ClassLoader, Map<String, Set<String>>> inheritedByLoader = Collections.synchronizedMap(new WeakHashMap<>());
    /**
     * The direct supertypes of types seen defined or loaded whose targets nobody asked yet, per loader:
     * the superclass first (null for an interface), then the interfaces.
     */
    private final Map<ClassLoader, Map<String, String[]>> unresolvedByLoader = Collections.synchronizedMap(new WeakHashMap<>());
    /** Platform types are the same for every loader. */
    private final Map<String, Set<String>> platformTypes = new ConcurrentHashMap<>();
    private final Map<String, String[]> unresolvedPlatformTypes = new ConcurrentHashMap<>();
    /** The methods advice applies to; null when not known (every class's supertypes are read). */
    private final Set<String> advisedMethodNames;
    /**
     * The same names as a class file's constant pool holds them (modified UTF-8, which is ASCII for
     * them), by length: most constants are answered by their length alone.
     */
    private final byte[][][] advisedNamesByLength;
    /** Per loader: by superclass, the classes defined without an advised method whose targets nobody resolved. */
    private final Map<ClassLoader, Map<String, Set<String>>> pendingByLoader = Collections.synchronizedMap(new WeakHashMap<>());

    /**
     * @param targets            binary names ({@code java.sql.Driver})
     * @param advisedMethodNames the names of the methods advice applies to in their implementations, or null
     */
    SupertypeMatcher(Set<String> targets, Set<String> advisedMethodNames, ClassLoader agentLoader) {
        Set<String> internal = new HashSet<>();
        for (String name : targets) {
            internal.add(name.replace('.', '/'));
        }
        this.targets = Set.copyOf(internal);
        this.targetNames = Set.copyOf(targets);
        this.advisedMethodNames = advisedMethodNames == null ? null : Set.copyOf(advisedMethodNames);
        this.advisedNamesByLength = byLength(advisedMethodNames == null ? Set.of() : advisedMethodNames);
        this.agentLoader = agentLoader;
    }

    boolean isEmpty() {
        return targets.isEmpty();
    }

    /**
     * The targets that the class {@code internalName}, being defined by {@code loader}, implements;
     * empty for JDK classes and for the boot loader's and Warden's own.
     */
    Set<String> match(ClassLoader loader, String internalName, byte[] classFile) {
        if (loader == null || loader == agentLoader || isPlatform(internalName)) {
            return NONE;
        }
        ClassReader header;
        try {
            header = new ClassReader(classFile);
        } catch (RuntimeException unreadable) {
            return NONE;
        }
        if ((header.getAccess() & Opcodes.ACC_INTERFACE) != 0) {
            // interfaces have no bodies to advise; a class implementing this one is answered without reading it
            if (!cache(loader).containsKey(internalName)) {
                unresolved(loader).put(internalName, directSupertypes(null, header.getInterfaces()));
            }
            return NONE;
        }
        String[] direct = directSupertypes(header.getSuperName(), header.getInterfaces());
        if (advisedMethodNames != null && !declaresAdvisedMethod(header, classFile)) {
            unresolved(loader).putIfAbsent(internalName, direct);
            if (header.getSuperName() != null && !isPlatform(header.getSuperName())) {
                ofLoader(pendingByLoader, loader).computeIfAbsent(header.getSuperName(), name -> ConcurrentHashMap.newKeySet())
                        .add(internalName);
            }
            return NONE;
        }
        Set<String> found = fromSupertypes(loader, direct, new HashSet<>());
        cache(loader).put(internalName, found);
        Map<String, Set<String>> inherited = inheritedByLoader.get(loader);
        Set<String> asSuperclass = inherited == null ? null : inherited.remove(internalName);
        if (asSuperclass != null) {
            found = union(found, asSuperclass);
        }
        found = union(found, targetsOfPendingSubclasses(loader, internalName));
        if (!found.isEmpty()) {
            markSuperclasses(loader, header.getSuperName(), found);
        }
        return found;
    }

    /**
     * Whether {@code loaded}, a class already loaded when Warden starts (by an agent before it), implements
     * a target: the same answer as {@link #match} gives for its class file, read from its loaded supertypes
     * (a loaded class's supertypes are loaded), so no class file is read and nothing is loaded.
     */
    boolean implementsTarget(Class<?> loaded) {
        ClassLoader loader = loaded.getClassLoader();
        if (targets.isEmpty() || loader == null || loader == agentLoader || loaded.isInterface() || loaded.isArray()
                || isPlatform(loaded.getName().replace('.', '/'))) {
            return false;
        }
        Set<Class<?>> visited = new HashSet<>();
        for (Class<?> type = loaded.getSuperclass(); type != null; type = type.getSuperclass()) {
            if (targetNames.contains(type.getName()) || anyInterfaceIsTarget(type, visited)) {
                return true;
            }
        }
        return anyInterfaceIsTarget(loaded, visited);
    }

    /**
     * Records the direct supertypes of classes the transformer did not see defined (loaded before Warden,
     * or while a thread was inside Warden's transformer), so their subclasses are answered without reading
     * them. A loaded class's supertypes are loaded: asking for them loads nothing.
     */
    void recordLoaded(Class<?>[] loaded) {
        ClassLoader platformClassLoader = ClassLoader.getPlatformClassLoader();
        for (Class<?> type : loaded) {
            if (type.isArray() || type.isPrimitive() || type.isHidden()) {
                continue; // never a supertype
            }
            ClassLoader loader = type.getClassLoader();
            String internalName = type.getName().replace('.', '/');
            boolean platform = isPlatform(internalName);
            boolean platformLoader = loader == null || loader == platformClassLoader;
            if (platform != platformLoader || loader == agentLoader) {
                continue; // answered as before: an app's class named like the JDK's, a boot class path class, Warden's
            }
            Map<String, Set<String>> answers = platform ? platformTypes : cache(loader);
            if (!answers.containsKey(internalName)) {
                Class<?> superclass = type.getSuperclass();
                Class<?>[] interfaces = type.getInterfaces();
                String[] interfaceNames = new String[interfaces.length];
                for (int i = 0; i < interfaces.length; i++) {
                    interfaceNames[i] = interfaces[i].getName().replace('.', '/');
                }
                String[] direct = directSupertypes(superclass == null ? null : superclass.getName().replace('.', '/'), interfaceNames);
                (platform ? unresolvedPlatformTypes : unresolved(loader)).putIfAbsent(internalName, direct);
            }
        }
    }

    /**
     * The superclasses that are advised with {@code matched}, a loaded class that {@link #implementsTarget}
     * (those {@link #match} marks): its superclasses up to the first of the JDK's.
     */
    List<Class<?>> advisedSuperclasses(Class<?> matched) {
        List<Class<?>> superclasses = new ArrayList<>();
        for (Class<?> type = matched.getSuperclass(); type != null && !isPlatform(type.getName().replace('.', '/'));
                type = type.getSuperclass()) {
            superclasses.add(type);
        }
        return superclasses;
    }

    private boolean anyInterfaceIsTarget(Class<?> type, Set<Class<?>> visited) {
        for (Class<?> each : type.getInterfaces()) {
            if (visited.add(each) && (targetNames.contains(each.getName()) || anyInterfaceIsTarget(each, visited))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether the class declares a method named as one advice applies to (its code is not read). A
     * method's name is a constant of its class: a class whose constant pool holds none of the names
     * (about 97 in 100 of a Spring Boot app's) is answered without visiting its methods.
     */
    private boolean declaresAdvisedMethod(ClassReader header, byte[] classFile) {
        if (!holdsAdvisedName(header, classFile)) {
            return false;
        }
        boolean[] declares = {false};
        header.accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
                if (advisedMethodNames.contains(name)) {
                    declares[0] = true;
                }
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return declares[0];
    }

    private boolean holdsAdvisedName(ClassReader header, byte[] classFile) {
        for (int item = 1; item < header.getItemCount(); item++) {
            int offset = header.getItem(item);
            // 0: the unused slot after a long or double constant
            if (offset > 0 && classFile[offset - 1] == CONSTANT_UTF8 && isAdvisedName(classFile, offset + 2,
                    header.readUnsignedShort(offset))) {
                return true;
            }
        }
        return false;
    }

    private boolean isAdvisedName(byte[] classFile, int start, int length) {
        if (length >= advisedNamesByLength.length) {
            return false;
        }
        for (byte[] name : advisedNamesByLength[length]) {
            if (Arrays.equals(classFile, start, start + length, name, 0, length)) {
                return true;
            }
        }
        return false;
    }

    private static byte[][][] byLength(Set<String> names) {
        int longest = 0;
        for (String name : names) {
            longest = Math.max(longest, name.length());
        }
        List<List<byte[]>> lists = new ArrayList<>();
        for (int length = 0; length <= longest; length++) {
            lists.add(new ArrayList<>());
        }
        for (String name : names) {
            lists.get(name.length()).add(name.getBytes(StandardCharsets.UTF_8));
        }
        byte[][][] byLength = new byte[longest + 1][][];
        for (int length = 0; length <= longest; length++) {
            byLength[length] = lists.get(length).toArray(new byte[0][]);
        }
        return byLength;
    }

    /**
     * The targets of the classes defined before {@code internalName} that extend it, directly or
     * through others, and were left pending: it declares the methods they inherit.
     */
    private Set<String> targetsOfPendingSubclasses(ClassLoader loader, String internalName) {
        Map<String, Set<String>> pending = pendingByLoader.get(loader);
        if (pending == null) {
            return NONE;
        }
        Set<String> found = NONE;
        List<String> superclasses = new ArrayList<>(List.of(internalName));
        while (!superclasses.isEmpty()) {
            Set<String> subclasses = pending.remove(superclasses.remove(superclasses.size() - 1));
            if (subclasses != null) {
                for (String subclass : subclasses) {
                    found = union(found, implemented(loader, subclass, new HashSet<>()));
                    superclasses.add(subclass);
                }
            }
        }
        return found;
    }

    private void markSuperclasses(ClassLoader loader, String superName, Set<String> found) {
        String current = superName;
        while (current != null && !isPlatform(current)) {
            ofLoader(inheritedByLoader, loader).merge(current, found, SupertypeMatcher::union);
            ClassReader header = readHeader(loader, current);
            current = header == null ? null : header.getSuperName();
        }
    }

    /** {@code direct}: as {@link #directSupertypes} makes it. */
    private Set<String> fromSupertypes(ClassLoader loader, String[] direct, Set<String> visiting) {
        Set<String> found = null;
        for (String each : direct) {
            if (each != null) {
                found = union(found, implemented(loader, each, visiting));
            }
        }
        return found == null ? NONE : found;
    }

    private static String[] directSupertypes(String superName, String[] interfaces) {
        String[] direct = new String[interfaces.length + 1];
        direct[0] = superName;
        System.arraycopy(interfaces, 0, direct, 1, interfaces.length);
        return direct;
    }

    private Set<String> implemented(ClassLoader loader, String internalName, Set<String> visiting) {
        if (targets.contains(internalName)) {
            return Set.of(internalName);
        }
        if (internalName.equals("java/lang/Object")) {
            return NONE;
        }
        boolean platform = isPlatform(internalName);
        Map<String, Set<String>> cache = platform ? platformTypes : cache(loader);
        Set<String> known = cache.get(internalName);
        if (known != null) {
            return known;
        }
        if (!visiting.add(internalName)) {
            return NONE; // reached again while being read
        }
        Map<String, String[]> unresolved = platform ? unresolvedPlatformTypes : unresolved(loader);
        String[] direct = unresolved.get(internalName);
        if (direct == null) {
            ClassReader header = readHeader(platform ? ClassLoader.getPlatformClassLoader() : loader, internalName);
            // a supertype without a readable class file (generated at run time) and never seen: nothing known
            direct = header == null ? new String[0] : directSupertypes(header.getSuperName(), header.getInterfaces());
        }
        Set<String> found = fromSupertypes(loader, direct, visiting);
        cache.put(internalName, found);
        unresolved.remove(internalName);
        return found;
    }

    /** The header of {@code internalName}'s class file as {@code source} serves it; null if it serves none. */
    private static ClassReader readHeader(ClassLoader source, String internalName) {
        try (InputStream in = source.getResourceAsStream(internalName + ".class")) {
            return in == null ? null : new ClassReader(in.readAllBytes());
        } catch (IOException | RuntimeException unreadable) {
            return null;
        }
    }

    private Map<String, Set<String>> cache(ClassLoader loader) {
        return ofLoader(byLoader, loader);
    }

    private Map<String, String[]> unresolved(ClassLoader loader) {
        return ofLoader(unresolvedByLoader, loader);
    }

    /** {@code loader}'s map in {@code byLoader}, made on first use (one lambda class for every such map). */
    private static <V> Map<String, V> ofLoader(Map<ClassLoader, Map<String, V>> byLoader, ClassLoader loader) {
        return byLoader.computeIfAbsent(loader, l -> new ConcurrentHashMap<>());
    }

    private static Set<String> union(Set<String> found, Set<String> more) {
        if (more.isEmpty()) {
            return found == null ? NONE : found;
        }
        if (found == null || found.isEmpty()) {
            return more;
        }
        Set<String> both = new HashSet<>(found);
        both.addAll(more);
        return Set.copyOf(both);
    }

    private static boolean isPlatform(String internalName) {
        for (String prefix : PLATFORM_PREFIXES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
