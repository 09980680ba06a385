package dev.warden.instrumentation.jdbc;

import static dev.warden.instrumentation.api.EntryPoint.inImplementationsOf;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * Every JDBC method that connects or takes SQL, woven into each driver's and pool's classes that
 * implement it ({@code JdbcBridge}): a connect and each SQL text are decided before they reach the
 * driver, and a denial throws {@code SQLException} with SQL state 42501 (insufficient privilege), as
 * a database refusing the statement would. A prepared statement is decided once, when prepared, and
 * executes without a further decision. A pool's proxy and the driver's class both declare these
 * methods: the bridge knows the inner call as the same access.
 */
public final class JdbcEntryPoints implements EntryPointCatalogue {

    private static final String JDBC = "dev.warden.bootstrap.JdbcBridge";
    private static final String DENIED = "throws SQLException (SQL state 42501)";
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    /** Each SQL-taking method of {@code Connection}. */
    static final List<String> PREPARING = List.of(
            "prepareStatement(java.lang.String)", "prepareStatement(java.lang.String, int)",
            "prepareStatement(java.lang.String, int[])", "prepareStatement(java.lang.String, java.lang.String[])",
            "prepareStatement(java.lang.String, int, int)", "prepareStatement(java.lang.String, int, int, int)",
            "prepareCall(java.lang.String)", "prepareCall(java.lang.String, int, int)",
            "prepareCall(java.lang.String, int, int, int)");
    /** Each SQL-taking method of {@code Statement}. */
    static final List<String> EXECUTING = List.of(
            "execute(java.lang.String)", "execute(java.lang.String, int)", "execute(java.lang.String, int[])",
            "execute(java.lang.String, java.lang.String[])",
            "executeQuery(java.lang.String)",
            "executeUpdate(java.lang.String)", "executeUpdate(java.lang.String, int)", "executeUpdate(java.lang.String, int[])",
            "executeUpdate(java.lang.String, java.lang.String[])",
            "executeLargeUpdate(java.lang.String)", "executeLargeUpdate(java.lang.String, int)",
            "executeLargeUpdate(java.lang.String, int[])", "executeLargeUpdate(java.lang.String, java.lang.String[])",
            "addBatch(java.lang.String)");

    @Override
    public List<EntryPoint> entryPoints() {
        List<EntryPoint> entries = new ArrayList<>();
        entries.add(inImplementationsOf("java.sql.Driver", "connect(java.lang.String, java.util.Properties)")
                .self().arguments(0, 1).access("database connect", DENIED).resultToExit()
                .deniedWith("java.sql.SQLException", INSUFFICIENT_PRIVILEGE).around(JDBC, "beforeConnect", "afterConnect"));
        for (String method : PREPARING) {
            entries.add(sqlTaking("java.sql.Connection", method, "SQL prepared", "beforePrepare"));
        }
        for (String method : EXECUTING) {
            entries.add(sqlTaking("java.sql.Statement", method, "SQL executed", "beforeExecute"));
        }
        return List.copyOf(entries);
    }

    /** The receiver and the SQL text (the first argument) to {@code enter}; the outcome to {@code afterSql}. */
    private static EntryPoint sqlTaking(String type, String method, String access, String enter) {
        return inImplementationsOf(type, method).self().arguments(0).access(access, DENIED)
                .deniedWith("java.sql.SQLException", INSUFFICIENT_PRIVILEGE).around(JDBC, enter, "afterSql");
    }
}
