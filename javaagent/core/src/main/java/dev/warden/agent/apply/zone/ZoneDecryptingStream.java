package dev.warden.agent.apply.zone;

import dev.warden.agent.config.DataKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;

/**
 * Decrypts a {@link ZoneFormat} file read from {@code source}. Each segment is authenticated before
 * any of its bytes are returned, so a changed, reordered or cut file fails with an IOException and
 * never yields unauthenticated bytes. An empty file reads as empty (a zone file created but never
 * written through a stream, e.g. by {@code File.createNewFile}). A file without the zone header is
 * plaintext from before the zone: {@link PlaintextFiles} refuses it, or lets it through as it is.
 */
public final class ZoneDecryptingStream extends InputStream {

    private final InputStream source;
    private final DataKeys keys;
    private final String file;
    private final PlaintextFiles plaintextFiles;
    /** The file as it is, once it turned out to be plaintext that {@link #plaintextFiles} lets through. */
    private InputStream plaintext;
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

    /**
     * @param keys null when none are configured: opening an encrypted file then fails clearly
     * @param plaintextFiles what to do when {@code file} turns out not to be in the zone format
     */
    public ZoneDecryptingStream(InputStream source, DataKeys keys, String file, PlaintextFiles plaintextFiles) {
        this.source = source;
        this.keys = keys;
        this.file = file;
        this.plaintextFiles = plaintextFiles;
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
        if (!started) {
            start();
        }
        if (plaintext != null) {
            return plaintext.read(b, off, len);
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
        if (!started) {
            start();
        }
        if (plaintext != null) {
            return plaintext.skip(n);
        }
        long skipped = 0;
        while (skipped < n && (position < limit || fill())) {
            int step = (int) Math.min(n - skipped, limit - position);
            position += step;
            skipped += step;
        }
        return skipped;
    }

    @Override
    public int available() throws IOException {
        return plaintext != null ? plaintext.available() : limit - position;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }

    /** Reads the magic: the header of a zone file, or plaintext for {@link #plaintextFiles} to judge. */
    private void start() throws IOException {
        started = true;
        byte[] head = source.readNBytes(ZoneFormat.MAGIC.length);
        if (head.length == 0) {
            lastRead = true; // an empty file
            return;
        }
        InputStream whole = new SequenceInputStream(new ByteArrayInputStream(head), source);
        if (!ZoneFormat.startsWithMagic(head, head.length)) {
            plaintextFiles.found(file);
            plaintext = whole;
            return;
        }
        sealed = new byte[ZoneFormat.SEGMENT + ZoneFormat.TAG + 1];
        plain = new byte[ZoneFormat.SEGMENT];
        format = ZoneFormat.readHeader(whole, keys, file);
    }

    /** Decrypts the next segment; false at the end of the file. */
    private boolean fill() throws IOException {
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
