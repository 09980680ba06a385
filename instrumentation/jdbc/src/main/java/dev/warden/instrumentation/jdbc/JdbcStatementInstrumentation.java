package dev.warden.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.warden.bootstrap.JdbcBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.sql.SQLException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * The methods of {@code Statement} that take SQL text: {@code execute}, {@code executeQuery},
 * {@code executeUpdate}, {@code executeLargeUpdate} (every overload) and {@code addBatch}. A batch
 * is decided statement by statement as it is added, so {@code executeBatch} sends only decided SQL.
 */
public final class JdbcStatementInstrumentation implements WardenInstrumentation {

    /** The methods the advice applies to: the matcher below and {@link #adviceMethodNames()} name the same. */
    private static final String[] EXECUTING = {"execute", "executeQuery", "executeUpdate", "executeLargeUpdate", "addBatch"};

    @Override
    public Set<String> targetTypes() {
        return Set.of();
    }

    @Override
    public Set<String> targetSupertypes() {
        return Set.of("java.sql.Statement");
    }

    @Override
    public Set<String> adviceMethodNames() {
        return Set.of(EXECUTING);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(namedOneOf(EXECUTING)
                        .and(not(isStatic())).and(not(isAbstract()))
                        .and(takesArgument(0, named("java.lang.String"))),
                ExecuteAdvice.class.getName());
    }

    public static final class ExecuteAdvice {
        private ExecuteAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object statement, @Advice.Argument(0) String sql) throws SQLException {
            Object call = JdbcBridge.beforeSql(statement, sql, false);
            if (JdbcBridge.isDenial(call)) {
                throw new SQLException((String) call, "42501");
            }
            return call;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object call, @Advice.Thrown Throwable thrown) {
            JdbcBridge.afterSql(call, thrown);
        }
    }
}
