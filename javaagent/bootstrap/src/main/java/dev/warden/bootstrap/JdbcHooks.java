package dev.warden.bootstrap;

/**
 * What the agent does at the JDBC entry points, called through {@link JdbcBridge}. java.sql types
 * are invisible to the boot loader, so drivers, connections, statements and properties pass as
 * Object. A "before" method returns a String (the denial message: the advice throws
 * {@code SQLException(message, "42501")}), or a handle the matching "after" method gets back.
 */
public interface JdbcHooks {

    Object beforeConnect(Object driver, String url, Object properties);

    void afterConnect(Object handle, Object connection, Throwable thrown);

    /** {@code subject} is a Connection when {@code prepare} (prepareStatement/prepareCall), else a Statement. */
    Object beforeSql(Object subject, String sql, boolean prepare);

    void afterSql(Object handle, Throwable thrown);
}
