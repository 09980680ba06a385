package dev.warden.bench;

import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Random;

/**
 * The child of {@link ZoneThroughputBench}: writes a file of SIZE MiB with {@code FileOutputStream} in 64 KiB
 * writes, then reads it back with {@code FileInputStream} in 64 KiB reads, ROUNDS times per file, alternating the
 * files; prints one line per file: {@code RESULT file=F writeMiBps=... readMiBps=...} (median over the rounds).
 * Args: SIZE_MIB ROUNDS FILE...
 */
public final class ZoneThroughputWorkload {

    private ZoneThroughputWorkload() {
    }

    public static void main(String[] args) throws IOException {
        int mebibytes = Integer.parseInt(args[0]);
        int rounds = Integer.parseInt(args[1]);
        String[] files = Arrays.copyOfRange(args, 2, args.length);
        byte[] chunk = new byte[64 * 1024];
        new Random(7).nextBytes(chunk);
        long bytes = (long) mebibytes * 1024 * 1024;
        double[][] writes = new double[files.length][rounds];
        double[][] reads = new double[files.length][rounds];
        for (int round = -1; round < rounds; round++) { // round -1 warms up
            for (int f = 0; f < files.length; f++) {
                long start = System.nanoTime();
                try (OutputStream out = new FileOutputStream(files[f])) {
                    for (long written = 0; written < bytes; written += chunk.length) {
                        out.write(chunk);
                    }
                }
                long written = System.nanoTime();
                long read = 0;
                try (InputStream in = new FileInputStream(files[f])) {
                    int n;
                    while ((n = in.read(chunk)) >= 0) {
                        read += n;
                    }
                }
                long end = System.nanoTime();
                if (read != bytes) {
                    throw new IllegalStateException("read " + read + " of " + bytes + " bytes from " + files[f]);
                }
                if (round >= 0) {
                    writes[f][round] = mebibytes / ((written - start) / 1e9);
                    reads[f][round] = mebibytes / ((end - written) / 1e9);
                }
            }
        }
        for (int f = 0; f < files.length; f++) {
            System.out.printf("RESULT file=%s writeMiBps=%.1f readMiBps=%.1f%n", files[f], median(writes[f]), median(reads[f]));
        }
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
