package dev.warden.instrumentation.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import dev.warden.instrumentation.api.EntryPointCatalogueContract;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The JDBC lines, on JDK 17 and 25: each names a method of the JDBC interface, every method of it
 * that takes SQL has a line (a JDK that adds an overload fails here, not in production), and a
 * real driver (H2) declares them.
 */
class JdbcEntryPointsTest extends EntryPointCatalogueContract {

    @Override
    protected EntryPointCatalogue catalogue() {
        return new JdbcEntryPoints();
    }

    @Test
    void everyMethodOfConnectionAndStatementThatTakesSqlFirstHasALine() {
        Set<String> lines = signatures(new JdbcEntryPoints().entryPoints());
        assertThat(lines).containsAll(sqlTaking(Connection.class, Set.of("prepareStatement", "prepareCall")));
        assertThat(lines).containsAll(sqlTaking(Statement.class,
                Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch")));
        assertThat(lines).contains("java.sql.Driver.connect(java.lang.String, java.util.Properties)");
        assertThat(new JdbcEntryPoints().entryPoints()).allMatch(EntryPoint::implementations);
    }

    @Test
    void aRealDriverDeclaresEveryLineItImplements() {
        for (EntryPoint entry : new JdbcEntryPoints().entryPoints()) {
            Class<?> implementation = switch (entry.type()) {
                case "java.sql.Driver" -> org.h2.Driver.class;
                case "java.sql.Connection" -> org.h2.jdbc.JdbcConnection.class;
                default -> org.h2.jdbc.JdbcStatement.class;
            };
            assertThat(Arrays.stream(implementation.getDeclaredMethods()).map(JdbcEntryPointsTest::javaSignature))
                    .as(implementation.getName()).contains(entry.method());
        }
    }

    private static Set<String> signatures(List<EntryPoint> entries) {
        return entries.stream().map(entry -> entry.type() + "." + entry.method()).collect(Collectors.toSet());
    }

    private static Set<String> sqlTaking(Class<?> type, Set<String> names) {
        return Stream.of(type.getMethods())
                .filter(method -> names.contains(method.getName()) && method.getParameterCount() > 0
                        && method.getParameterTypes()[0] == String.class)
                .map(method -> type.getName() + "." + javaSignature(method)).collect(Collectors.toSet());
    }

    /** As a catalogue line writes a method: {@code execute(java.lang.String, int[])}. */
    private static String javaSignature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(", ", "(", ")"));
    }
}
