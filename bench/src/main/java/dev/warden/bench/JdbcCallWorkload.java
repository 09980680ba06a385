package dev.warden.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The application {@link JdbcCallBench} launches: a table of 100 rows and a SELECT by key, in two
 * shapes, each warmed up and then measured: {@value #EXECUTE} executes one prepared statement again and
 * again (Warden decided it once, when it was prepared), {@value #PREPARE_EXECUTE} prepares, executes and
 * closes it on every call, as code without a statement cache does (Warden decides the SQL and records
 * a span each time). Prints the time of the first prepareStatement (with Warden: its first SQL parse,
 * class loading included) and one {@link CallTimings} line per shape.
 *
 * <p>Usage: {@code JdbcCallWorkload URL USER WARMUP_CALLS MEASURED_CALLS} (USER may be empty)
 */
public final class JdbcCallWorkload {

    static final String SELECT = "select name from customers where id = ?";
    static final String EXECUTE = "execute";
    static final String PREPARE_EXECUTE = "prepare-execute";
    private static final int ROWS = 100;
    /** Calls timed together: an H2 call takes about a microsecond, close to the clock's own cost. */
    private static final int BLOCK = 100;

    private JdbcCallWorkload() {
    }

    public static void main(String[] args) throws Exception {
        String url = args[0];
        String user = args[1];
        int warmupCalls = Integer.parseInt(args[2]);
        int measuredCalls = Integer.parseInt(args[3]);
        try (Connection connection = user.isEmpty() ? DriverManager.getConnection(url) : DriverManager.getConnection(url, user, "")) {
            createTable(connection);
            long prepareStart = System.nanoTime();
            long checksum;
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                System.out.printf(Locale.ROOT, "FIRST_PREPARE_US %.1f%n", (System.nanoTime() - prepareStart) / 1000.0);
                Calls reused = calls -> execute(select, calls);
                checksum = measure(EXECUTE, reused, warmupCalls, measuredCalls);
            }
            Calls preparedEachTime = calls -> prepareAndExecute(connection, calls);
            checksum += measure(PREPARE_EXECUTE, preparedEachTime, warmupCalls, measuredCalls);
            System.out.println("CHECKSUM " + checksum);
        }
    }

    /** A fresh table each launch: the database may outlive the JVM (a PostgreSQL server). */
    private static void createTable(Connection connection) throws Exception {
        try (Statement setUp = connection.createStatement()) {
            setUp.executeUpdate("drop table if exists customers");
            setUp.executeUpdate("create table customers(id int primary key, name varchar(40))");
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into customers(id, name) values (?, ?)")) {
            for (int id = 1; id <= ROWS; id++) {
                insert.setInt(1, id);
                insert.setString(2, "customer " + id);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    @FunctionalInterface
    private interface Calls {
        long run(int calls) throws Exception;
    }

    private static long measure(String shape, Calls calls, int warmupCalls, int measuredCalls) throws Exception {
        long[] checksum = {0};
        long warmupMillis = SteadyState.warmUp(count -> checksum[0] += calls.run(count), warmupCalls, BLOCK * 100);
        List<Double> blockMicros = new ArrayList<>();
        long start = System.nanoTime();
        for (int done = 0; done < measuredCalls; done += BLOCK) {
            long blockStart = System.nanoTime();
            checksum[0] += calls.run(BLOCK);
            blockMicros.add((System.nanoTime() - blockStart) / 1000.0 / BLOCK);
        }
        double meanMicros = (System.nanoTime() - start) / 1000.0 / (blockMicros.size() * BLOCK);
        System.out.println(new CallTimings(shape, warmupMillis, blockMicros.size() * BLOCK, meanMicros, Stats.median(blockMicros)).toLine());
        return checksum[0];
    }

    private static long execute(PreparedStatement select, int calls) throws Exception {
        long checksum = 0;
        for (int i = 0; i < calls; i++) {
            checksum += selectRow(select, i);
        }
        return checksum;
    }

    private static long prepareAndExecute(Connection connection, int calls) throws Exception {
        long checksum = 0;
        for (int i = 0; i < calls; i++) {
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                checksum += selectRow(select, i);
            }
        }
        return checksum;
    }

    private static int selectRow(PreparedStatement select, int call) throws Exception {
        select.setInt(1, 1 + call % ROWS);
        try (ResultSet row = select.executeQuery()) {
            row.next();
            return row.getString(1).length();
        }
    }
}
