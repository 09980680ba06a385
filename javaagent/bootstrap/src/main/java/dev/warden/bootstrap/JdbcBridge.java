package dev.warden.bootstrap;

/**
 * The door for advice inlined into JDBC drivers and pools: {@code Driver.connect}, the SQL-taking
 * methods of {@code Connection} and {@code Statement}. Only the outermost JDBC call on a thread is
 * decided: what it calls in turn (a pool's proxy calling the driver's statement, a driver's own
 * setup inside connect) is the same access, decided once.
 */
public final class JdbcBridge {

    /** The handle of a decided call for which the hooks keep nothing. */
    private static final Object DECIDED = new Object();

    private static volatile JdbcHooks hooks;

    private JdbcBridge() {
    }

    public static void install(JdbcHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        hooks = installed;
    }

    /** Null: go ahead undecided; a String: the denial message; else the handle for {@link #afterConnect}. */
    public static Object beforeConnect(Object driver, String url, Object properties) {
        JdbcHooks h = hooks;
        ThreadState state;
        if ((state = BridgeGate.enter(h)) == null) {
            return null;
        }
        try {
            if (state.jdbcDepth > 0) {
                return null;
            }
            return counted(state, h.beforeConnect(driver, url, properties));
        } catch (Throwable error) {
            return onError("connect to " + url, error);
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void afterConnect(Object handle, Object connection, Throwable thrown) {
        if (handle == null) {
            return;
        }
        ThreadState state = ThreadState.current();
        state.jdbcDepth--;
        JdbcHooks h = hooks;
        if (handle == DECIDED || state.inside) {
            return;
        }
        state.inside = true;
        try {
            h.afterConnect(handle, connection, thrown);
        } catch (Throwable error) {
            BridgeGate.report("jdbc", error);
        } finally {
            state.inside = false;
        }
    }

    /** Like {@link #beforeConnect}, for SQL sent through a Statement or prepared on a Connection. */
    public static Object beforeSql(Object subject, String sql, boolean prepare) {
        JdbcHooks h = hooks;
        ThreadState state;
        if ((state = BridgeGate.enter(h)) == null) {
            return null;
        }
        try {
            if (state.jdbcDepth > 0) {
                return null;
            }
            return counted(state, h.beforeSql(subject, sql, prepare));
        } catch (Throwable error) {
            return onError("SQL statement", error);
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void afterSql(Object handle, Throwable thrown) {
        if (handle == null) {
            return;
        }
        ThreadState state = ThreadState.current();
        state.jdbcDepth--;
        JdbcHooks h = hooks;
        if (handle == DECIDED || state.inside) {
            return;
        }
        state.inside = true;
        try {
            h.afterSql(handle, thrown);
        } catch (Throwable error) {
            BridgeGate.report("jdbc", error);
        } finally {
            state.inside = false;
        }
    }

    /** Whether a "before" result is a denial (the advice then throws SQLException with it). */
    public static boolean isDenial(Object handle) {
        return handle instanceof String;
    }

    private static Object counted(ThreadState state, Object handle) {
        if (handle instanceof String) {
            return handle;
        }
        state.jdbcDepth++;
        return handle == null ? DECIDED : handle;
    }

    private static Object onError(String what, Throwable error) {
        return BridgeGate.denyOnError("jdbc", error) ? BridgeGate.internalDenial(what, error) : null;
    }
}
