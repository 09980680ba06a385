package dev.warden.agent.intercept;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLClassLoader;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SupertypeMatcherTest {

    private final ClassLoader appLoader = getClass().getClassLoader();
    private final SupertypeMatcher matcher = new SupertypeMatcher(Set.of("java.sql.Statement", "java.sql.Driver"),
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
        SupertypeMatcher fromAgentLoader = new SupertypeMatcher(Set.of("java.sql.Driver"), agentLoader);
        assertThat(fromAgentLoader.implementsTarget(loaded("org.h2.Driver"))).isFalse();
        assertThat(matcher.implementsTarget(Class.forName("sun.net.www.protocol.jar.JarURLConnection"))).isFalse();
    }

    @Test
    void aLoadedClassExtendingATargetClassIsMatched() {
        SupertypeMatcher timerTasks = new SupertypeMatcher(Set.of("java.util.TimerTask"), new URLClassLoader(new java.net.URL[0]));
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

    private interface DriverInterface extends java.sql.Driver {
    }

    private Class<?> loaded(String name) throws ClassNotFoundException {
        return Class.forName(name, false, appLoader);
    }
}
