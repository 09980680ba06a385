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
 * The application {@link JdbcCallBench} launches: an H2 in-memory table of 100 rows and one prepared
 * SELECT by key, executed again and again (warm-up, then measured). Prints the time of the first
 * prepareStatement (with Warden: its first SQL parse, class loading included) and one
 * {@link CallTimings} line for the executions.
 *
 * <p>Usage: {@code JdbcCallWorkload WARMUP_CALLS MEASURED_CALLS}
 */
public final class JdbcCallWorkload {

    static final String URL = "jdbc:h2:mem:bench";
    static final String SELECT = "select name from customers where id = ?";
    private static final int ROWS = 100;
    /** Calls timed together: one call takes about a microsecond, close to the clock's own cost. */
    private static final int BLOCK = 100;

    private JdbcCallWorkload() {
    }

    public static void main(String[] args) throws Exception {
        int warmupCalls = Integer.parseInt(args[0]);
        int measuredCalls = Integer.parseInt(args[1]);
        try (Connection connection = DriverManager.getConnection(URL)) {
            try (Statement setUp = connection.createStatement()) {
                setUp.executeUpdate("create table customers(id int primary key, name varchar(40))");
                setUp.executeUpdate("insert into customers select x, 'customer ' || x from system_range(1, " + ROWS + ")");
            }
            long prepareStart = System.nanoTime();
            try (PreparedStatement select = connection.prepareStatement(SELECT)) {
                System.out.printf(Locale.ROOT, "FIRST_PREPARE_US %.1f%n", (System.nanoTime() - prepareStart) / 1000.0);
                long checksum = run(select, warmupCalls);
                List<Double> blockMicros = new ArrayList<>();
                long start = System.nanoTime();
                for (int done = 0; done < measuredCalls; done += BLOCK) {
                    long blockStart = System.nanoTime();
                    checksum += run(select, BLOCK);
                    blockMicros.add((System.nanoTime() - blockStart) / 1000.0 / BLOCK);
                }
                double meanMicros = (System.nanoTime() - start) / 1000.0 / (blockMicros.size() * BLOCK);
                System.out.println(new CallTimings("prepared-select", blockMicros.size() * BLOCK, meanMicros,
                        Stats.median(blockMicros)).toLine());
                System.out.println("CHECKSUM " + checksum);
            }
        }
    }

    private static long run(PreparedStatement select, int calls) throws Exception {
        long checksum = 0;
        for (int i = 0; i < calls; i++) {
            select.setInt(1, 1 + i % ROWS);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                checksum += row.getString(1).length();
            }
        }
        return checksum;
    }
}
