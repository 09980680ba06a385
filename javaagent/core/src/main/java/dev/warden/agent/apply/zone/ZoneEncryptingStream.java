package dev.warden.agent.apply.zone;

import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Encrypts what is written to it into {@link ZoneFormat} on {@code sink}. A segment is sealed once it
 * is full and more data follows, or at {@link #close()} (as the last one); {@code flush()} cannot seal
 * a partial segment, so data reaches the disk 64 KiB at a time and at close.
 */
public final class ZoneEncryptingStream extends OutputStream {

    private final OutputStream sink;
    private final DataKeys.DataKey key;
    private final byte[] plain = new byte[ZoneFormat.SEGMENT];
    private byte[] sealed;
    private ZoneFormat format;
    private int buffered;
    private long index;
    private boolean closed;

    public ZoneEncryptingStream(OutputStream sink, DataKeys.DataKey key) {
        this.sink = sink;
        this.key = key;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        ensureOpen();
        while (len > 0) {
            if (buffered == plain.length) {
                seal(false);
            }
            int n = Math.min(len, plain.length - buffered);
            System.arraycopy(b, off, plain, buffered, n);
            buffered += n;
            off += n;
            len -= n;
        }
    }

    /** Seals the last segment and closes the sink; the file is complete only after this. */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            seal(true);
        } finally {
            sink.close();
        }
    }

    /** Seals the last segment without closing the sink (its owner closes it). */
    public void finish() throws IOException {
        if (!closed) {
            closed = true;
            seal(true);
        }
    }

    private void seal(boolean last) throws IOException {
        if (format == null) {
            format = ZoneFormat.forNewFile(key);
            sealed = new byte[ZoneFormat.SEGMENT + ZoneFormat.TAG];
            sink.write(format.header());
        }
        int n = format.seal(index++, last, plain, buffered, sealed);
        sink.write(sealed, 0, n);
        buffered = 0;
    }

    private void ensureOpen() throws IOException {
        if (closed) {
            throw new IOException("Stream Closed");
        }
    }
}
