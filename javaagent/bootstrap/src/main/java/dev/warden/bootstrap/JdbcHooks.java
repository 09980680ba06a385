package dev.warden.bootstrap;

/**
 * What the agent does at the JDBC entry points, called through {@link JdbcBridge}. java.sql types
 * are invisible to the boot loader, so drivers, connections, statements and properties pass as
 * Object. A "before" method gets {@code enclosing}, the handle of the innermost decided JDBC call
 * under way on the thread (null if none), and returns a String (the denial message: the advice
 * throws {@code SQLException(message, "42501")}), null when there is nothing to decide (no URL or
 * SQL, or the same access as {@code enclosing}, already decided), or a handle the matching "after"
 * method gets back.
 */
public interface JdbcHooks {

    Object beforeConnect(Object driver, String url, Object properties, Object enclosing);

    void afterConnect(Object handle, Object connection, Throwable thrown);

    /** {@code subject} is a Connection when {@code prepare} (prepareStatement/prepareCall), else a Statement. */
    Object beforeSql(Object subject, String sql, boolean prepare, Object enclosing);

    void afterSql(Object handle, Throwable thrown);
}
