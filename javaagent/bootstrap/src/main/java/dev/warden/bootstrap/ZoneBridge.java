package dev.warden.bootstrap;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.AccessDeniedException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.stream.Stream;

/**
 * The door for encryption zones. A {@code FileInputStream} or {@code FileOutputStream} opened on a
 * zone file is paired with Warden's decrypting or encrypting stream, and the advice on its read and
 * write methods sends the app's bytes there instead; the Warden stream reads and writes the file
 * through the very same app stream, on this thread with the inside flag set, so the advice lets
 * those calls through. Outside zones the cost is one call per open (the core answers at once when the
 * policy has no zone) and one volatile read per read or write call (no zone file open).
 *
 * <p>Zones fail closed whatever the failure mode: an internal error refuses the access rather than
 * let plaintext reach the disk or ciphertext reach the app.
 */
public final class ZoneBridge {

    private static volatile ZoneHooks hooks;
    /** App stream to Warden stream; guarded by itself. Entries leave at close, or are finished at exit. */
    private static final Map<Object, Object> OPEN = new IdentityHashMap<>();
    private static volatile int openCount;
    /** Streams whose last segment could not be sealed, until their close returns; weak, as a close that throws never asks. */
    private static final Map<Object, IOException> SEAL_FAILURES = new WeakHashMap<>();
    private static volatile int sealFailureCount;

    private ZoneBridge() {
    }

    public static synchronized void install(ZoneHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("Warden zone hooks are already installed");
        }
        hooks = installed;
    }

    /** The Warden stream paired with an app stream, or null (most calls: no zone file is open). */
    private static Object zoneOf(Object stream) {
        if (openCount == 0 || ThreadState.current().inside) {
            return null;
        }
        synchronized (OPEN) {
            return OPEN.get(stream);
        }
    }

    /** {@code FileOutputStream.open} returned. */
    public static void openedOutput(Object stream, String path, boolean append) throws FileNotFoundException {
        if (hooks == null) {
            return;
        }
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return;
        }
        try {
            register(stream, hooks.openedOutput((FileOutputStream) stream, path, append));
        } catch (Throwable refused) {
            throw notFound(path, refused);
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code FileInputStream.open} returned. */
    public static void openedInput(Object stream, String path) throws FileNotFoundException {
        if (hooks == null) {
            return;
        }
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return;
        }
        try {
            register(stream, hooks.openedInput((FileInputStream) stream, path));
        } catch (Throwable refused) {
            throw notFound(path, refused);
        } finally {
            BridgeGate.leave(state);
        }
    }

    private static void write(Object zone, int b) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                ((OutputStream) zone).write(b);
            }
        } finally {
            state.inside = false;
        }
    }

    private static void write(Object zone, byte[] b, int off, int len) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                ((OutputStream) zone).write(b, off, len);
            }
        } finally {
            state.inside = false;
        }
    }

    private static int read(Object zone) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).read();
            }
        } finally {
            state.inside = false;
        }
    }

    private static int read(Object zone, byte[] b, int off, int len) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).read(b, off, len);
            }
        } finally {
            state.inside = false;
        }
    }

    private static byte[] readAllBytes(Object zone) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).readAllBytes();
            }
        } finally {
            state.inside = false;
        }
    }

    private static byte[] readNBytes(Object zone, int len) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).readNBytes(len);
            }
        } finally {
            state.inside = false;
        }
    }

    private static long skip(Object zone, long n) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).skip(n);
            }
        } finally {
            state.inside = false;
        }
    }

    /** A legacy plaintext file's stream asks the app's stream itself: inside Warden, like a read. */
    private static int available(Object zone) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).available();
            }
        } finally {
            state.inside = false;
        }
    }

    /** {@code transferTo(out)}: decrypted bytes go out through the app's stream, mediated as the app's writes. */
    private static long transferTo(Object zone, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = read(zone, buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** {@code write(int)} of a stream on a zone file goes to its encrypting stream: true when it did. */
    public static boolean wroteToZone(Object stream, int b) throws IOException {
        Object zone = zoneOf(stream);
        if (zone != null) {
            write(zone, b);
        }
        return zone != null;
    }

    public static boolean wroteToZone(Object stream, byte[] b) throws IOException {
        return wroteToZone(stream, b, 0, b.length);
    }

    public static boolean wroteToZone(Object stream, byte[] b, int off, int len) throws IOException {
        Object zone = zoneOf(stream);
        if (zone != null) {
            write(zone, b, off, len);
        }
        return zone != null;
    }

    /** What {@code read()} of a stream on a zone file returns (its plaintext), or null for any other stream. */
    public static Integer readFromZone(Object stream) throws IOException {
        Object zone = zoneOf(stream);
        return zone == null ? null : read(zone);
    }

    public static Integer readFromZone(Object stream, byte[] b) throws IOException {
        return readFromZone(stream, b, 0, b.length);
    }

    public static Integer readFromZone(Object stream, byte[] b, int off, int len) throws IOException {
        Object zone = zoneOf(stream);
        return zone == null ? null : read(zone, b, off, len);
    }

    public static byte[] readAllFromZone(Object stream) throws IOException {
        Object zone = zoneOf(stream);
        return zone == null ? null : readAllBytes(zone);
    }

    public static byte[] readNFromZone(Object stream, int len) throws IOException {
        Object zone = zoneOf(stream);
        return zone == null ? null : readNBytes(zone, len);
    }

    public static Long skipInZone(Object stream, long n) throws IOException {
        Object zone = zoneOf(stream);
        return zone == null ? null : skip(zone, n);
    }

    public static Integer availableInZone(Object stream) throws IOException {
        Object zone = zoneOf(stream);
        return zone == null ? null : available(zone);
    }

    /** JDK 21+: {@code FileInputStream.transferTo} copies through a channel; a zone file copies its plaintext. */
    public static Long transferFromZone(Object stream, OutputStream out) throws IOException {
        Object zone = zoneOf(stream);
        return zone == null ? null : transferTo(zone, out);
    }

    /** A channel would read or write past the encryption: refused for a stream on a zone file. */
    public static void checkChannel(Object stream) {
        if (zoneOf(stream) != null) {
            String denial = "warden: denied the FileChannel of a stream on an encryption zone file: channels bypass the encryption";
            throw new UncheckedIOException(denial, new AccessDeniedException(denial));
        }
    }

    /**
     * Before the app's stream closes: an encrypting stream seals its last segment through it. A
     * failure is thrown by {@link #throwSealFailure} once the stream itself is closed.
     */
    public static void sealBeforeClose(Object stream) {
        IOException failed = closing(stream);
        if (failed != null) {
            synchronized (SEAL_FAILURES) {
                SEAL_FAILURES.put(stream, failed);
                sealFailureCount = SEAL_FAILURES.size();
            }
        }
    }

    public static void throwSealFailure(Object stream) throws IOException {
        if (sealFailureCount == 0) {
            return;
        }
        IOException failed;
        synchronized (SEAL_FAILURES) {
            failed = SEAL_FAILURES.remove(stream);
            sealFailureCount = SEAL_FAILURES.size();
        }
        if (failed != null) {
            throw failed;
        }
    }

    /** {@code Files.lines} reads through a channel (even a memory map): a zone file's lines come from its plaintext; else null. */
    public static Stream<String> zoneLines(Path path, Charset charset) throws IOException {
        InputStream zone = newInputStream(path, new OpenOption[0]);
        return zone == null ? null : lines(zone, charset);
    }

    /**
     * The app closes a stream: an encrypting stream seals its last segment through it first.
     *
     * @return the failure to report after the stream itself is closed, or null
     */
    private static IOException closing(Object stream) {
        if (openCount == 0) {
            return null;
        }
        Object zone;
        synchronized (OPEN) {
            zone = OPEN.remove(stream);
            openCount = OPEN.size();
        }
        if (!(zone instanceof OutputStream)) {
            return null;
        }
        ThreadState state = inside();
        try {
            synchronized (zone) {
                ((OutputStream) zone).close();
            }
            return null;
        } catch (IOException failed) {
            return failed;
        } finally {
            state.inside = false;
        }
    }

    /** At exit: seals the last segment of zone files the app never closed, so they stay readable. */
    public static void finishAll(Object key) {
        BridgeGate.checkCapability(key);
        List<Object> streams;
        synchronized (OPEN) {
            streams = new ArrayList<>(OPEN.keySet());
        }
        for (Object stream : streams) {
            IOException failed = closing(stream);
            if (failed != null) {
                BridgeGate.report("zone", failed);
            }
        }
    }

    /** {@code Files.newOutputStream}: Warden's encrypting stream for a zone file, or null. */
    public static OutputStream newOutputStream(Path path, OpenOption[] options) throws IOException {
        if (hooks == null) {
            return null;
        }
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return null;
        }
        try {
            return hooks.newOutputStream(path, options);
        } catch (IOException refused) {
            throw refused;
        } catch (Throwable error) {
            throw new FileDenied(path.toString(), BridgeGate.internalDenial("writing " + path, error));
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code Files.newInputStream}: Warden's decrypting stream for a zone file, or null. */
    public static InputStream newInputStream(Path path, OpenOption[] options) throws IOException {
        if (hooks == null) {
            return null;
        }
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return null;
        }
        try {
            return hooks.newInputStream(path, options);
        } catch (IOException refused) {
            throw refused;
        } catch (Throwable error) {
            throw new FileDenied(path.toString(), BridgeGate.internalDenial("reading " + path, error));
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code Files.readAllBytes}: the decrypted content of a zone file, or null. */
    public static byte[] readAllBytes(Path path) throws IOException {
        if (hooks == null) {
            return null;
        }
        ThreadState state = BridgeGate.enter(hooks);
        if (state == null) {
            return null;
        }
        try {
            return hooks.readAllBytes(path);
        } catch (IOException refused) {
            throw refused;
        } catch (Throwable error) {
            throw new FileDenied(path.toString(), BridgeGate.internalDenial("reading " + path, error));
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code Files.lines} of a zone file: the lines of its plaintext; closing the stream closes the file. */
    private static Stream<String> lines(InputStream zone, Charset charset) {
        java.io.BufferedReader reader = new java.io.BufferedReader(new java.io.InputStreamReader(zone, charset.newDecoder()));
        return reader.lines().onClose(() -> {
            try {
                reader.close();
            } catch (IOException failed) {
                throw new java.io.UncheckedIOException(failed);
            }
        });
    }

    private static void register(Object stream, Object zone) {
        if (zone == null) {
            return;
        }
        synchronized (OPEN) {
            OPEN.put(stream, zone);
            openCount = OPEN.size();
        }
    }

    private static ThreadState inside() {
        ThreadState state = ThreadState.current();
        state.inside = true;
        return state;
    }

    private static FileNotFoundException notFound(String path, Throwable refused) {
        if (refused instanceof FileNotFoundException) {
            return (FileNotFoundException) refused;
        }
        if (refused instanceof IOException) {
            return (FileNotFoundException) new FileNotFoundException(refused.getMessage()).initCause(refused);
        }
        BridgeGate.report("zone", refused);
        return new FileNotFoundException(BridgeGate.internalDenial("access to " + path, refused));
    }
}
