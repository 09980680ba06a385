package dev.warden.it.apps;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.stream.Stream;

/**
 * Writes {@link #content()} to files and reads files back, one {@code RESULT} line per {@code OP:PATH}
 * argument, tagged {@code op=NAME}. A write reports nothing; a read reports {@code sha=} (SHA-256 of
 * what it read, lines rejoined with a newline each) and {@code len=}.
 */
public final class ZoneApp {

    /** A marker that must never appear on disk inside a zone. */
    public static final String MARKER = "alice@example.com-4111111111111111";

    /** 3.5 segments of 64 KiB in lines of text, each naming the marker. */
    public static String content() {
        StringBuilder text = new StringBuilder();
        for (int line = 0; text.length() < 229_000; line++) {
            text.append("line ").append(line).append(" customer ").append(MARKER).append(" ünïcödé\n");
        }
        return text.toString();
    }

    public static String sha(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    public static void main(String[] args) {
        for (String arg : args) {
            int colon = arg.indexOf(':');
            String op = arg.substring(0, colon);
            String path = arg.substring(colon + 1);
            try {
                byte[] read = run(op, path);
                Report.ok(read == null ? new String[] {"op", op}
                        : new String[] {"op", op, "sha", sha(read), "len", String.valueOf(read.length)});
            } catch (java.nio.file.AccessDeniedException denied) {
                Report.failure(new String[] {"op", op, "is", "java.nio.file.AccessDeniedException"}, denied);
            } catch (Throwable failed) {
                Report.failure(new String[] {"op", op}, failed);
            }
        }
    }

    private static byte[] run(String op, String path) throws Exception {
        Path p = Path.of(path);
        String text = content();
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        switch (op) {
            // ---- writes ----
            case "fos": try (OutputStream out = new FileOutputStream(path)) { out.write(data); return null; }
            case "fos-small-writes": try (OutputStream out = new FileOutputStream(path)) {
                for (int i = 0; i < data.length; i += 1000) {
                    out.write(data, i, Math.min(1000, data.length - i));
                }
                return null;
            }
            case "fos-bytewise": try (OutputStream out = new FileOutputStream(path)) {
                for (byte b : data) {
                    out.write(b);
                }
                return null;
            }
            case "file-writer": try (FileWriter out = new FileWriter(path, StandardCharsets.UTF_8)) { out.write(text); return null; }
            case "print-writer": try (PrintWriter out = new PrintWriter(path, StandardCharsets.UTF_8)) { out.print(text); return null; }
            case "write": Files.write(p, data); return null;
            case "write-string": Files.writeString(p, text); return null;
            case "write-lines": Files.write(p, text.lines().toList()); return null;
            case "new-output-stream": try (OutputStream out = Files.newOutputStream(p)) { out.write(data); return null; }
            case "buffered-writer": try (var out = Files.newBufferedWriter(p)) { out.write(text); return null; }
            case "fos-unclosed": {
                OutputStream out = new FileOutputStream(path);
                out.write(data);
                return null; // the JVM exits with the stream open
            }
            // ---- writes that cannot be encrypted ----
            case "fos-append": try (OutputStream out = new FileOutputStream(path, true)) { out.write(data); return null; }
            case "append-option": Files.writeString(p, text, StandardOpenOption.APPEND); return null;
            case "raf-rw": try (RandomAccessFile raf = new RandomAccessFile(path, "rw")) { raf.write(data); return null; }
            case "channel-write": try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE, StandardOpenOption.CREATE)) {
                ch.write(ByteBuffer.wrap(data));
                return null;
            }
            case "mmap-write": try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.map(FileChannel.MapMode.READ_WRITE, 0, 1).put((byte) 'X');
                return null;
            }
            case "fos-channel": try (FileOutputStream out = new FileOutputStream(path)) {
                out.getChannel().write(ByteBuffer.wrap(data));
                return null;
            }
            // ---- reads ----
            case "fis": try (InputStream in = new FileInputStream(path)) { return in.readAllBytes(); }
            case "fis-buffer": try (InputStream in = new FileInputStream(path)) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                byte[] buffer = new byte[777];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    all.write(buffer, 0, n);
                }
                return all.toByteArray();
            }
            case "fis-bytewise": try (InputStream in = new FileInputStream(path)) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                int b;
                while ((b = in.read()) >= 0) {
                    all.write(b);
                }
                return all.toByteArray();
            }
            case "fis-skip": try (InputStream in = new FileInputStream(path)) {
                long skipped = in.skip(100_000);
                byte[] rest = in.readNBytes(Integer.MAX_VALUE);
                return skipped == 100_000 ? rest : new byte[0];
            }
            case "fis-transfer": try (InputStream in = new FileInputStream(path)) {
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                in.transferTo(all);
                return all.toByteArray();
            }
            case "file-reader": try (BufferedReader in = new BufferedReader(new FileReader(path, StandardCharsets.UTF_8))) {
                return lines(in.lines());
            }
            case "read-all-bytes": return Files.readAllBytes(p);
            case "read-string": return Files.readString(p).getBytes(StandardCharsets.UTF_8);
            case "new-input-stream": try (InputStream in = Files.newInputStream(p)) { return in.readAllBytes(); }
            case "buffered-reader": try (BufferedReader in = Files.newBufferedReader(p)) { return lines(in.lines()); }
            case "read-all-lines": return lines(Files.readAllLines(p).stream());
            case "lines": try (Stream<String> lines = Files.lines(p)) { return lines(lines); }
            default: throw new IllegalArgumentException("unknown operation " + op);
        }
    }

    private static byte[] lines(Stream<String> lines) {
        StringBuilder joined = new StringBuilder();
        lines.forEach(line -> joined.append(line).append('\n'));
        return joined.toString().getBytes(StandardCharsets.UTF_8);
    }
}
