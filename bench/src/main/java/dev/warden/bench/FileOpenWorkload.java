package dev.warden.bench;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The application {@link FileOpenBench} launches: open, read to the end and close one small file,
 * over and over, through {@code FileInputStream} and through {@code Files.readAllBytes}, each with
 * a warm-up and then a measured series. Prints one {@link CallTimings} line per API.
 *
 * <p>Usage: {@code FileOpenWorkload FILE WARMUP_CALLS MEASURED_CALLS}
 */
public final class FileOpenWorkload {

    /** Reads per warm-up round once the given warm-up reads are done (about a tenth of a second). */
    private static final int WARMUP_ROUND_CALLS = 20_000;

    @FunctionalInterface
    private interface FileRead {
        int run() throws IOException;
    }

    private FileOpenWorkload() {
    }

    public static void main(String[] args) throws Exception {
        String file = args[0];
        Path path = Path.of(file);
        int warmupCalls = Integer.parseInt(args[1]);
        int measuredCalls = Integer.parseInt(args[2]);
        int size = (int) Files.size(path);
        FileRead stream = () -> {
            try (InputStream in = new FileInputStream(file)) {
                return in.readAllBytes().length;
            }
        };
        FileRead nio = () -> Files.readAllBytes(path).length;
        System.out.println(measure("file-input-stream", stream, size, warmupCalls, measuredCalls).toLine());
        System.out.println(measure("files-read-all-bytes", nio, size, warmupCalls, measuredCalls).toLine());
    }

    private static CallTimings measure(String api, FileRead read, int size, int warmupCalls, int measuredCalls) throws Exception {
        long warmupMillis = SteadyState.warmUp(calls -> {
            for (int i = 0; i < calls; i++) {
                expectSize(read.run(), size);
            }
        }, warmupCalls, WARMUP_ROUND_CALLS);
        long[] nanos = new long[measuredCalls];
        for (int i = 0; i < measuredCalls; i++) {
            long start = System.nanoTime();
            int bytes = read.run();
            nanos[i] = System.nanoTime() - start;
            expectSize(bytes, size);
        }
        List<Double> micros = new ArrayList<>(measuredCalls);
        long totalNanos = 0;
        for (long callNanos : nanos) {
            totalNanos += callNanos;
            micros.add(callNanos / 1000.0);
        }
        return new CallTimings(api, warmupMillis, measuredCalls, totalNanos / 1000.0 / measuredCalls, Stats.median(micros));
    }

    /** A read that was denied or short measured nothing: stop the run rather than report it. */
    private static void expectSize(int bytes, int size) {
        if (bytes != size) {
            throw new IllegalStateException("read " + bytes + " bytes, expected " + size);
        }
    }
}
