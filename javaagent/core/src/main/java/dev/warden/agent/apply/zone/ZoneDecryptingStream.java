package dev.warden.agent.apply.zone;

import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.io.InputStream;

/**
 * Decrypts a {@link ZoneFormat} file read from {@code source}. Each segment is authenticated before
 * any of its bytes are returned, so a changed, reordered or cut file fails with an IOException and
 * never yields unauthenticated bytes. An empty file reads as empty (a zone file created but never
 * written through a stream, e.g. by {@code File.createNewFile}).
 */
public final class ZoneDecryptingStream extends InputStream {

    private final InputStream source;
    private final DataKeys keys;
    private final String file;
    /** Allocated at the first read: a stream opened and never read costs no buffers. */
    private byte[] sealed;
    private byte[] plain;
    private ZoneFormat format;
    private int sealedLength;
    private int position;
    private int limit;
    private long index;
    private boolean started;
    private boolean lastRead;

    /** @param keys null when none are configured: opening an encrypted file then fails clearly */
    public ZoneDecryptingStream(InputStream source, DataKeys keys, String file) {
        this.source = source;
        this.keys = keys;
        this.file = file;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position == limit && !fill()) {
            return -1;
        }
        int n = Math.min(len, limit - position);
        System.arraycopy(plain, position, b, off, n);
        position += n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n && (position < limit || fill())) {
            int step = (int) Math.min(n - skipped, limit - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() {
        return limit - position;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Decrypts the next segment; false at the end of the file. */
    private boolean fill() throws IOException {
        if (!started) {
            started = true;
            sealed = new byte[ZoneFormat.SEGMENT + ZoneFormat.TAG + 1];
            plain = new byte[ZoneFormat.SEGMENT];
            int first = source.read();
            if (first < 0) {
                lastRead = true; // an empty file
                return false;
            }
            format = ZoneFormat.readHeader(new java.io.SequenceInputStream(
                    new java.io.ByteArrayInputStream(new byte[] {(byte) first}), source), keys, file);
        }
        if (lastRead) {
            return false;
        }
        // read a whole sealed segment plus one byte: whether that byte exists says if this segment is the last
        int wanted = ZoneFormat.SEGMENT + ZoneFormat.TAG + 1;
        while (sealedLength < wanted) {
            int n = source.read(sealed, sealedLength, wanted - sealedLength);
            if (n < 0) {
                break;
            }
            sealedLength += n;
        }
        boolean last = sealedLength < wanted;
        int segmentLength = last ? sealedLength : wanted - 1;
        if (segmentLength < ZoneFormat.TAG) {
            throw new IOException("warden: cannot decrypt " + file + ": it is cut short (segment " + index + " is incomplete)");
        }
        limit = format.open(index++, last, sealed, segmentLength, plain, file);
        position = 0;
        if (last) {
            lastRead = true;
        } else {
            sealed[0] = sealed[wanted - 1];
            sealedLength = 1;
        }
        return limit > 0; // only the last segment can be empty
    }
}
