package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

class SupertypeMatcherTest {

    private final ClassLoader appLoader = getClass().getClassLoader();
    private final SupertypeMatcher matcher = new SupertypeMatcher(Set.of("java.sql.Statement", "java.sql.Driver"), null,
            new URLClassLoader(new java.net.URL[0]));

    private Set<String> match(String internalName) throws IOException {
        try (InputStream in = appLoader.getResourceAsStream(internalName + ".class")) {
            return matcher.match(appLoader, internalName, in.readAllBytes());
        }
    }

    @Test
    void throughSuperclassesAndJdkSuperinterfaces() throws IOException {
        // JdbcPreparedStatement -> JdbcStatement -> java.sql.Statement; PreparedStatement extends Statement
        assertThat(match("org/h2/jdbc/JdbcPreparedStatement")).containsExactly("java/sql/Statement");
        assertThat(match("org/h2/Driver")).containsExactly("java/sql/Driver");
    }

    @Test
    void aSuperclassThatDeclaresTheInheritedMethodsIsMatchedAfterItsSubclass() throws IOException {
        // sqlite-jdbc: JDBC4Statement implements Statement; its execute(String) is declared in JDBC3Statement
        assertThat(match("org/sqlite/jdbc4/JDBC4Statement")).containsExactly("java/sql/Statement");
        assertThat(match("org/sqlite/jdbc3/JDBC3Statement")).containsExactly("java/sql/Statement");
    }

    /** As the JVM defines them: a class before its superclass. */
    @Test
    void aClassDeclaringNoAdvisedMethodIsNotMatchedNorAreItsSupertypesReadAndItsSuperclassIsMatchedForIt() throws IOException {
        SupertypeMatcher byMethods = new SupertypeMatcher(Set.of("java.sql.Statement"), Set.of("execute", "executeQuery"),
                new URLClassLoader(new java.net.URL[0]));
        ReadCounting loader = new ReadCounting(appLoader);
        // sqlite-jdbc: JDBC4Statement implements Statement and declares no execute; JDBC3Statement declares it
        assertThat(byMethods.match(loader, "org/sqlite/jdbc4/JDBC4Statement", classFile("org/sqlite/jdbc4/JDBC4Statement")))
                .as("nothing of its own to advise").isEmpty();
        assertThat(loader.reads).as("no supertype read for it").isEmpty();
        assertThat(byMethods.match(loader, "org/sqlite/jdbc3/JDBC3Statement", classFile("org/sqlite/jdbc3/JDBC3Statement")))
                .as("advised for the subclass defined before it").containsExactly("java/sql/Statement");
    }

    /** A class that declares an advised method but implements no target, whose subclass two levels down does. */
    @Test
    void pendingSubclassesCountThroughIntermediateClasses() throws IOException {
        SupertypeMatcher byMethods = new SupertypeMatcher(Set.of("java.sql.Driver"), Set.of("connect"),
                new URLClassLoader(new java.net.URL[0]));
        ReadCounting loader = new ReadCounting(appLoader);
        assertThat(byMethods.match(loader, internal(Deep.class), classFile(Deep.class))).isEmpty();
        assertThat(byMethods.match(loader, internal(Middle.class), classFile(Middle.class))).isEmpty();
        assertThat(loader.reads).as("nothing read for classes without connect").isEmpty();
        assertThat(byMethods.match(loader, internal(Connecting.class), classFile(Connecting.class)))
                .as("Deep implements Driver through its own interface and inherits connect from here")
                .containsExactly("java/sql/Driver");
    }

    @Test
    void unrelatedJdkAndInterfaceTypesAreNot() throws IOException {
        assertThat(match("org/sqlite/SQLiteConfig")).isEmpty();
        assertThat(match("org/h2/tools/Server")).isEmpty();
        assertThat(matcher.match(appLoader, "java/sql/DriverManager", new byte[0])).isEmpty();
        assertThat(matcher.match(null, "org/h2/Driver", new byte[0])).isEmpty();
    }

    @Test
    void aLoadedClassIsMatchedFromItsLoadedSupertypesAsItsClassFileIs() throws Exception {
        assertThat(matcher.implementsTarget(loaded("org.h2.Driver"))).isTrue();
        assertThat(matcher.implementsTarget(loaded("org.h2.jdbc.JdbcPreparedStatement"))).isTrue();
        assertThat(matcher.implementsTarget(loaded("org.sqlite.jdbc4.JDBC4Statement"))).isTrue();
        assertThat(matcher.implementsTarget(loaded("org.sqlite.SQLiteConfig"))).isFalse();
        assertThat(matcher.implementsTarget(DriverInterface.class)).as("an interface").isFalse();
    }

    @Test
    void aLoadedClassOfTheJdkOrOfWardensLoaderIsNot() throws Exception {
        ClassLoader agentLoader = appLoader;
        SupertypeMatcher fromAgentLoader = new SupertypeMatcher(Set.of("java.sql.Driver"), null, agentLoader);
        assertThat(fromAgentLoader.implementsTarget(loaded("org.h2.Driver"))).isFalse();
        assertThat(matcher.implementsTarget(Class.forName("sun.net.www.protocol.jar.JarURLConnection"))).isFalse();
    }

    @Test
    void aLoadedClassExtendingATargetClassIsMatched() {
        SupertypeMatcher timerTasks = new SupertypeMatcher(Set.of("java.util.TimerTask"), null, new URLClassLoader(new java.net.URL[0]));
        java.util.TimerTask task = new java.util.TimerTask() {
            @Override
            public void run() {
            }
        };
        assertThat(timerTasks.implementsTarget(task.getClass())).isTrue();
        assertThat(timerTasks.implementsTarget(getClass())).isFalse();
    }

    @Test
    void theSuperclassesAdvisedWithALoadedClassAreItsOwnUpToTheJdks() throws Exception {
        assertThat(matcher.advisedSuperclasses(loaded("org.sqlite.jdbc4.JDBC4Statement")))
                .extracting(Class::getName).containsExactly("org.sqlite.jdbc3.JDBC3Statement", "org.sqlite.core.CoreStatement");
        assertThat(matcher.advisedSuperclasses(loaded("org.h2.Driver"))).isEmpty();
    }

    @Test
    void aClassImplementingInterfacesSeenDefinedIsAnsweredWithoutReadingThem() throws IOException {
        ReadCounting loader = new ReadCounting(appLoader);
        SupertypeMatcher seen = new SupertypeMatcher(Set.of("java.sql.Driver"), null, new URLClassLoader(new java.net.URL[0]));
        assertThat(seen.match(loader, internal(DriverFamily.class), classFile(DriverFamily.class))).as("an interface").isEmpty();
        assertThat(seen.match(loader, internal(FamilyMember.class), classFile(FamilyMember.class))).as("an interface").isEmpty();
        assertThat(seen.match(loader, internal(Member.class), classFile(Member.class))).containsExactly("java/sql/Driver");
        assertThat(loader.reads).isEmpty();

        ReadCounting fresh = new ReadCounting(appLoader);
        SupertypeMatcher unseen = new SupertypeMatcher(Set.of("java.sql.Driver"), null, new URLClassLoader(new java.net.URL[0]));
        assertThat(unseen.match(fresh, internal(Member.class), classFile(Member.class))).containsExactly("java/sql/Driver");
        assertThat(fresh.reads).as("supertypes not loaded yet are read").containsExactly(internal(FamilyMember.class), internal(DriverFamily.class));
    }

    @Test
    void aClassExtendingClassesLoadedBeforeWardenIsAnsweredFromThemWithoutReadingThem() throws Exception {
        ReadCounting loader = new ReadCounting(appLoader);
        Class<?> member = Class.forName(Member.class.getName(), false, loader.fixtures);
        loader.reads.clear(); // the loader's own reads, defining them
        SupertypeMatcher matcher = new SupertypeMatcher(Set.of("java.sql.Driver"), null, new URLClassLoader(new java.net.URL[0]));
        matcher.recordLoaded(new Class<?>[] {member, member.getInterfaces()[0], member.getInterfaces()[0].getInterfaces()[0], int.class,
                String[].class});
        assertThat(matcher.match(loader.fixtures, internal(Subclass.class), classFile(Subclass.class))).containsExactly("java/sql/Driver");
        assertThat(loader.reads).as("only the walk up to the superclasses advised with a match reads").containsExactly(internal(Member.class));
    }

    /**
     * The drivers on the class path, every class of them, matched as the transformer meets them (interfaces
     * first, then each class before its superclass is loaded, or after everything is loaded): no class that
     * implements a target is missed, and no type the matcher has seen is read to answer (only to walk up
     * from a matched class to the superclasses advised with it).
     */
    @Test
    void everyDriverClassImplementingATargetIsMatchedWhateverWasSeenBefore() throws Exception {
        // beside the JDBC ones, targets that the drivers' own interfaces and classes reach
        Set<String> targets = Set.of("java.sql.Driver", "java.sql.Connection", "java.sql.Statement", "java.lang.AutoCloseable",
                "org.h2.api.Trigger", "org.h2.message.TraceObject");
        Map<String, byte[]> classFiles = new TreeMap<>();
        for (String jarOf : List.of("org/h2/Driver.class", "org/sqlite/JDBC.class")) {
            JarURLConnection jar = (JarURLConnection) appLoader.getResource(jarOf).openConnection();
            try (JarFile file = new JarFile(jar.getJarFileURL().getPath())) {
                for (JarEntry entry : Collections.list(file.entries())) {
                    String name = entry.getName();
                    if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")) {
                        try (InputStream in = file.getInputStream(entry)) {
                            classFiles.put(name.substring(0, name.length() - ".class".length()), in.readAllBytes());
                        }
                    }
                }
            }
        }
        List<Class<?>> loaded = new ArrayList<>();
        for (String name : classFiles.keySet()) {
            try {
                loaded.add(Class.forName(name.replace('/', '.'), false, appLoader));
            } catch (ClassNotFoundException | LinkageError optionalDependencyMissing) {
                // a class of an optional integration (OSGi, Lucene): the JVM could not load it either
            }
        }
        SupertypeMatcher oracle = new SupertypeMatcher(targets, null, new URLClassLoader(new java.net.URL[0]));

        ReadCounting loader = new ReadCounting(appLoader);
        SupertypeMatcher interfacesFirst = new SupertypeMatcher(targets, null, new URLClassLoader(new java.net.URL[0]));
        Set<String> seen = new HashSet<>();
        Set<String> seenAndRead = new HashSet<>();
        loader.onRead = name -> {
            if (seen.contains(name)) {
                seenAndRead.add(name);
            }
        };
        classFiles.forEach((name, bytes) -> {
            if (isInterface(bytes)) {
                seen.add(name);
                assertThat(interfacesFirst.match(loader, name, bytes)).isEmpty();
            }
        });
        SupertypeMatcher afterLoading = new SupertypeMatcher(targets, null, new URLClassLoader(new java.net.URL[0]));
        afterLoading.recordLoaded(loaded.toArray(new Class<?>[0]));
        int implementing = 0;
        Set<String> advisedSuperclasses = new HashSet<>();
        for (Class<?> type : loaded) {
            String name = internal(type);
            if (type.isInterface()) {
                continue;
            }
            seen.add(name);
            boolean implementsTarget = oracle.implementsTarget(type);
            implementing += implementsTarget ? 1 : 0;
            if (implementsTarget) {
                oracle.advisedSuperclasses(type).forEach(superclass -> advisedSuperclasses.add(internal(superclass)));
                assertThat(interfacesFirst.match(loader, name, classFiles.get(name))).as(name).isNotEmpty();
                assertThat(afterLoading.match(appLoader, name, classFiles.get(name))).as(name).isNotEmpty();
            } else {
                interfacesFirst.match(loader, name, classFiles.get(name));
            }
        }
        assertThat(implementing).as("the drivers' classes implementing a target").isGreaterThan(50);
        assertThat(advisedSuperclasses).as("seen types read again").containsAll(seenAndRead);
    }

    private static boolean isInterface(byte[] classFile) {
        return (new net.bytebuddy.jar.asm.ClassReader(classFile).getAccess() & net.bytebuddy.jar.asm.Opcodes.ACC_INTERFACE) != 0;
    }

    private static String internal(Class<?> type) {
        return type.getName().replace('.', '/');
    }

    private byte[] classFile(String internalName) throws IOException {
        try (InputStream in = appLoader.getResourceAsStream(internalName + ".class")) {
            return in.readAllBytes();
        }
    }

    private byte[] classFile(Class<?> type) throws IOException {
        try (InputStream in = appLoader.getResourceAsStream(internal(type) + ".class")) {
            return in.readAllBytes();
        }
    }

    /**
     * Records the class files asked of it. Its {@code fixtures} loader defines this test's fixture types
     * itself (as an app's loader does), and serves its resources through this one.
     */
    private static final class ReadCounting extends ClassLoader {
        final List<String> reads = Collections.synchronizedList(new ArrayList<>());
        java.util.function.Consumer<String> onRead = name -> { };
        final ClassLoader fixtures = new ClassLoader(this) {
            @Override
            protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
                synchronized (getClassLoadingLock(name)) {
                    if (!name.startsWith(SupertypeMatcherTest.class.getName() + "$")) {
                        return super.loadClass(name, resolve);
                    }
                    Class<?> loaded = findLoadedClass(name);
                    if (loaded != null) {
                        return loaded;
                    }
                    try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                        byte[] bytes = in.readAllBytes();
                        return defineClass(name, bytes, 0, bytes.length);
                    } catch (IOException unreadable) {
                        throw new ClassNotFoundException(name, unreadable);
                    }
                }
            }

            @Override
            public InputStream getResourceAsStream(String name) {
                return getParent().getResourceAsStream(name);
            }
        };

        ReadCounting(ClassLoader parent) {
            super(parent);
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            String internalName = name.substring(0, name.length() - ".class".length());
            reads.add(internalName);
            onRead.accept(internalName);
            return super.getResourceAsStream(name);
        }
    }

    private interface DriverInterface extends java.sql.Driver {
    }

    interface DriverFamily extends java.sql.Driver {
    }

    interface FamilyMember extends DriverFamily {
    }

    abstract static class Member implements FamilyMember {
    }

    abstract static class Subclass extends Member {
    }

    abstract static class Connecting {
        public java.sql.Connection connect(String url, java.util.Properties info) {
            return null;
        }
    }

    abstract static class Middle extends Connecting {
    }

    abstract static class Deep extends Middle implements FamilyMember {
    }

    private Class<?> loaded(String name) throws ClassNotFoundException {
        return Class.forName(name, false, appLoader);
    }
}
