package dev.warden.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.warden.bootstrap.JdbcBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.sql.SQLException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * {@code Connection.prepareStatement} and {@code prepareCall} (every overload): a prepared statement
 * is decided once, here, and executes without a further decision.
 */
public final class JdbcConnectionInstrumentation implements WardenInstrumentation {

    /** The methods the advice applies to: the matcher below and {@link #adviceMethodNames()} name the same. */
    private static final String[] PREPARING = {"prepareStatement", "prepareCall"};

    @Override
    public Set<String> targetTypes() {
        return Set.of();
    }

    @Override
    public Set<String> targetSupertypes() {
        return Set.of("java.sql.Connection");
    }

    @Override
    public Set<String> adviceMethodNames() {
        return Set.of(PREPARING);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(namedOneOf(PREPARING).and(not(isStatic())).and(not(isAbstract()))
                        .and(takesArgument(0, named("java.lang.String"))),
                PrepareAdvice.class.getName());
    }

    public static final class PrepareAdvice {
        private PrepareAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object connection, @Advice.Argument(0) String sql) throws SQLException {
            Object call = JdbcBridge.beforeSql(connection, sql, true);
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
