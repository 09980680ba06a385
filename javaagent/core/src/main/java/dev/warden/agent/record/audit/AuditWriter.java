package dev.warden.agent.record.audit;

import dev.warden.json.JsonWriter;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Appends chained records to the log; used by one thread only (the audit thread). Lines are
 * buffered and written with one {@code write} per batch, and signed checkpoints follow often (see
 * {@code AuditLog}), so a record that no checkpoint covers was either cut off by a crash, or added
 * by hand. A file is rotated right after a checkpoint once it reaches its size limit, and the chain
 * carries on in the next file.
 */
public final class AuditWriter implements Closeable {

    /** A target longer than this is cut (with a marker): one record stays one small line. */
    static final int MAX_TARGET_CHARS = 4096;
    private static final int TAIL_WINDOW = 1 << 16;

    private final Path log;
    private final long maxFileBytes;
    private final AuditSigner signer;
    private final StringBuilder pending = new StringBuilder(1 << 14);
    private FileChannel channel;
    private long fileBytes;
    private long seq;
    private String prev;

    private AuditWriter(Path log, long maxFileBytes, AuditSigner signer) {
        this.log = log;
        this.maxFileBytes = maxFileBytes;
        this.signer = signer;
    }

    /**
     * Opens the log and continues its chain (a new log starts from the genesis hash). A tail cut
     * off by a crash is truncated, and the first record written says how many bytes were dropped.
     */
    /**
     * @param context what the {@code start} record says about the process (pid, the values of the
     *                policy's path variables), so that a policy can be suggested from the log alone
     */
    public static AuditWriter open(Path log, long maxFileBytes, AuditSigner signer, Map<String, String> context) throws IOException {
        AuditWriter writer = new AuditWriter(log, maxFileBytes, signer);
        long cutBytes = writer.resume();
        writer.openCurrent();
        JsonWriter start = writer.begin("start").name("key").value(signer.keyId());
        context.forEach((name, value) -> start.name(name).value(value));
        if (cutBytes > 0) {
            start.name("dropped_tail_bytes").value(cutBytes);
        }
        writer.end(start);
        writer.checkpoint();
        return writer;
    }

    void append(AuditEvent event) {
        JsonWriter record = begin("decision")
                .name("kind").value(event.kind())
                .name("action").value(event.action())
                .name("target").value(cut(event.target()));
        if (event.detail() != null) {
            record.name("detail").value(cut(event.detail()));
        }
        record.name("decision").value(event.decision()).name("rule").value(event.rule());
        if (event.scope() != null) {
            record.name("scope").value(event.scope());
        }
        end(record, event.epochMillis());
    }

    /** Records that the queue was full and {@code count} decisions could not be kept. */
    void dropped(long count) {
        end(begin("dropped").name("count").value(count));
    }

    /** Signs the chain so far, writes the batch, and rotates the file when it is full. */
    void checkpoint() throws IOException {
        end(begin("checkpoint").name("key").value(signer.keyId()).name("sig").value(signer.sign(prev)));
        write();
        if (fileBytes >= maxFileBytes) {
            rotate();
        }
    }

    /** Writes what is buffered (unsigned until the next checkpoint). */
    void flush() throws IOException {
        write();
    }

    @Override
    public void close() throws IOException {
        if (channel != null) {
            checkpoint();
            channel.close();
            channel = null;
        }
    }

    private JsonWriter begin(String type) {
        return new JsonWriter().beginObject().name("seq").value(seq).name("time").value(Instant.now().toString())
                .name("type").value(type);
    }

    private void end(JsonWriter record) {
        end(record, -1);
    }

    private void end(JsonWriter record, long epochMillis) {
        if (epochMillis >= 0) {
            record.name("at").value(epochMillis);
        }
        String line = AuditLine.seal(record.name("prev").value(prev).toString());
        pending.append(line).append('\n');
        prev = AuditLine.hashOf(line);
        seq++;
    }

    private void write() throws IOException {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(pending.toString());
        pending.setLength(0);
        while (bytes.hasRemaining()) {
            fileBytes += channel.write(bytes);
        }
    }

    private void rotate() throws IOException {
        channel.close();
        Files.move(log, AuditFiles.nextRotated(log), StandardCopyOption.ATOMIC_MOVE);
        openCurrent();
    }

    private void openCurrent() throws IOException {
        channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        fileBytes = channel.size();
    }

    /** Finds the last complete record of the chain; returns how many bytes of a cut tail were dropped. */
    private long resume() throws IOException {
        List<Path> files = AuditFiles.chain(log);
        seq = 0;
        prev = AuditLine.GENESIS;
        long cut = 0;
        for (int i = files.size() - 1; i >= 0; i--) {
            Path file = files.get(i);
            try (FileChannel existing = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                long size = existing.size();
                byte[] tail = readTail(existing, size);
                int lastNewline = lastIndexOf(tail, tail.length - 1);
                if (lastNewline < 0 && size > tail.length) {
                    throw new IOException("audit log " + file + " ends in a line longer than " + TAIL_WINDOW + " bytes: not an audit log");
                }
                if (lastNewline < tail.length - 1) {
                    long partial = tail.length - lastNewline - 1L;
                    existing.truncate(size - partial);
                    cut += partial;
                }
                if (lastNewline < 0) {
                    continue; // nothing complete in this file: the chain ends in an earlier one
                }
                int lineStart = lastIndexOf(tail, lastNewline - 1) + 1;
                String lastLine = new String(tail, lineStart, lastNewline - lineStart, StandardCharsets.UTF_8);
                AuditLine.Parsed last = AuditLine.parse(lastLine);
                if (last == null || !last.hashMatches()) {
                    throw new IOException("audit log " + file + " does not end with an intact record; "
                            + "run 'java -jar warden-agent.jar audit verify " + log + "' and move the log aside");
                }
                seq = last.seq() + 1;
                prev = last.hash();
                return cut;
            }
        }
        return cut;
    }

    private static byte[] readTail(FileChannel file, long size) throws IOException {
        int length = (int) Math.min(size, TAIL_WINDOW);
        ByteBuffer tail = ByteBuffer.allocate(length);
        long from = size - length;
        while (tail.hasRemaining() && file.read(tail, from + tail.position()) >= 0) {
            // read the window fully
        }
        return tail.array();
    }

    private static int lastIndexOf(byte[] bytes, int from) {
        for (int i = from; i >= 0; i--) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static String cut(String target) {
        if (target == null || target.length() <= MAX_TARGET_CHARS) {
            return target;
        }
        return target.substring(0, MAX_TARGET_CHARS) + "...(" + target.length() + " chars)";
    }
}
