package dev.warden.bootstrap;

/**
 * The door for the hooks woven into JDBC drivers and pools ({@code JdbcEntryPoints}):
 * {@code Driver.connect}, the SQL-taking methods of {@code Connection} and {@code Statement}. A
 * String returned at entry is a denial, which the woven code throws as {@code SQLException} (a
 * type of the {@code java.sql} module, which this boot class path bridge cannot name). Every such call is shown to the hooks with
 * the JDBC call under way around it on the thread, if any: the hooks decide it, or answer that it
 * is the same access as that call (a pool's proxy delegating the same SQL on the same connection),
 * which is not decided again. A JDBC call made while Warden's own hooks run (app code they call:
 * a {@code getConnection()}, {@code unwrap()} or {@code hashCode()} override) is refused.
 */
public final class JdbcBridge {

    static final String INSIDE_WARDEN = "warden: denied SQL run while Warden was reading the connection of a JDBC "
            + "call (in a getConnection, unwrap, isWrapperFor, hashCode or equals of the app's or the driver's "
            + "classes): JDBC there is never run [rule default-deny]";

    /** A decided JDBC call under way: the hooks' handle, and the call it runs inside. */
    static final class Call {
        final Object decided;
        final Call enclosing;

        Call(Object decided, Call enclosing) {
            this.decided = decided;
            this.enclosing = enclosing;
        }
    }

    private static volatile JdbcHooks hooks;

    private JdbcBridge() {
    }

    public static void install(JdbcHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        hooks = installed;
    }

    /** Null: go ahead undecided; a String: the denial message; else the handle for {@link #afterConnect}. */
    public static Object beforeConnect(Object driver, String url, java.util.Properties properties) {
        JdbcHooks h = hooks;
        ThreadState state;
        if ((state = BridgeGate.enter(h)) == null) {
            return h == null ? null : insideWardensHooks();
        }
        state.jdbcHooks = true;
        try {
            Call enclosing = state.jdbcCall;
            return opened(state, enclosing, h.beforeConnect(driver, url, properties, decidedOf(enclosing)));
        } catch (Throwable error) {
            return onError("connect to " + url, error);
        } finally {
            state.jdbcHooks = false;
            BridgeGate.leave(state);
        }
    }

    public static void afterConnect(Object handle, Object connection, Throwable thrown) {
        if (!(handle instanceof Call)) {
            return;
        }
        Call call = (Call) handle;
        ThreadState state = ThreadState.current();
        state.jdbcCall = call.enclosing;
        if (state.inside) {
            return;
        }
        state.inside = true;
        state.jdbcHooks = true;
        try {
            hooks.afterConnect(call.decided, connection, thrown);
        } catch (Throwable error) {
            BridgeGate.report("jdbc", error);
        } finally {
            state.jdbcHooks = false;
            state.inside = false;
        }
    }

    /** Like {@link #beforeConnect}, for SQL prepared on a Connection; the handle is for {@link #afterSql}. */
    public static Object beforePrepare(Object connection, String sql) {
        return beforeSql(connection, sql, true);
    }

    /** Like {@link #beforeConnect}, for SQL sent through a Statement; the handle is for {@link #afterSql}. */
    public static Object beforeExecute(Object statement, String sql) {
        return beforeSql(statement, sql, false);
    }

    static Object beforeSql(Object subject, String sql, boolean prepare) {
        JdbcHooks h = hooks;
        ThreadState state;
        if ((state = BridgeGate.enter(h)) == null) {
            return h == null ? null : insideWardensHooks();
        }
        state.jdbcHooks = true;
        try {
            Call enclosing = state.jdbcCall;
            return opened(state, enclosing, h.beforeSql(subject, sql, prepare, decidedOf(enclosing)));
        } catch (Throwable error) {
            return onError("SQL statement", error);
        } finally {
            state.jdbcHooks = false;
            BridgeGate.leave(state);
        }
    }

    public static void afterSql(Object handle, Throwable thrown) {
        if (!(handle instanceof Call)) {
            return;
        }
        Call call = (Call) handle;
        ThreadState state = ThreadState.current();
        state.jdbcCall = call.enclosing;
        if (state.inside) {
            return;
        }
        state.inside = true;
        state.jdbcHooks = true;
        try {
            hooks.afterSql(call.decided, thrown);
        } catch (Throwable error) {
            BridgeGate.report("jdbc", error);
        } finally {
            state.jdbcHooks = false;
            state.inside = false;
        }
    }

    /**
     * A JDBC call the bridge does not show to the hooks: Warden's own work, a Warden thread, or
     * app code the JDBC hooks called while they ran, whose SQL is refused.
     */
    private static Object insideWardensHooks() {
        return ThreadState.current().jdbcHooks ? INSIDE_WARDEN : null;
    }

    private static Object decidedOf(Call call) {
        return call == null ? null : call.decided;
    }

    /** The hooks' answer; a decided call becomes the innermost call under way until its "after". */
    private static Object opened(ThreadState state, Call enclosing, Object decided) {
        if (decided == null || decided instanceof String) {
            return decided;
        }
        Call call = new Call(decided, enclosing);
        state.jdbcCall = call;
        return call;
    }

    private static Object onError(String what, Throwable error) {
        return BridgeGate.denyOnError("jdbc", error) ? BridgeGate.internalDenial(what, error) : null;
    }
}
