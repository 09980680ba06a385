package dev.warden.instrumentation.jdbc;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.warden.bootstrap.JdbcBridge;
import dev.warden.instrumentation.api.AdviceTarget;
import dev.warden.instrumentation.api.WardenInstrumentation;
import java.sql.SQLException;
import java.util.Set;
import net.bytebuddy.asm.Advice;

/**
 * {@code Driver.connect(String, Properties)} of every driver: the one place where DriverManager,
 * DataSources and pools all open a connection.
 */
public final class JdbcDriverInstrumentation implements WardenInstrumentation {

    /** The methods the advice applies to: the matcher below and {@link #adviceMethodNames()} name the same. */
    private static final String CONNECT = "connect";

    @Override
    public Set<String> targetTypes() {
        return Set.of();
    }

    @Override
    public Set<String> targetSupertypes() {
        return Set.of("java.sql.Driver");
    }

    @Override
    public Set<String> adviceMethodNames() {
        return Set.of(CONNECT);
    }

    @Override
    public void transform(AdviceTarget target) {
        target.applyAdvice(named(CONNECT).and(not(isStatic())).and(not(isAbstract())).and(takesArguments(2))
                        .and(takesArgument(0, named("java.lang.String")))
                        .and(takesArgument(1, named("java.util.Properties"))),
                ConnectAdvice.class.getName());
    }

    public static final class ConnectAdvice {
        private ConnectAdvice() {
        }

        @Advice.OnMethodEnter
        static Object enter(@Advice.This Object driver, @Advice.Argument(0) String url,
                @Advice.Argument(1) Object properties) throws SQLException {
            Object call = JdbcBridge.beforeConnect(driver, url, properties);
            if (JdbcBridge.isDenial(call)) {
                throw new SQLException((String) call, "42501");
            }
            return call;
        }

        @Advice.OnMethodExit(onThrowable = Throwable.class)
        static void exit(@Advice.Enter Object call, @Advice.Return Object connection, @Advice.Thrown Throwable thrown) {
            JdbcBridge.afterConnect(call, connection, thrown);
        }
    }
}
