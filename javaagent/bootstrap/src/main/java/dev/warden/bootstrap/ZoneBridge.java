package dev.warden.bootstrap;

import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

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
    public static Object zoneOf(Object stream) {
        if (openCount == 0 || ThreadState.current().inside) {
            return null;
        }
        synchronized (OPEN) {
            return OPEN.get(stream);
        }
    }

    /** {@code FileOutputStream.open} returned. */
    public static void openedOutput(FileOutputStream stream, String path, boolean append) throws FileNotFoundException {
        if (hooks == null) {
            return;
        }
        ThreadState state = BridgeGate.enter();
        if (state == null) {
            return;
        }
        try {
            register(stream, hooks.openedOutput(stream, path, append));
        } catch (Throwable refused) {
            throw notFound(path, refused);
        } finally {
            BridgeGate.leave(state);
        }
    }

    /** {@code FileInputStream.open} returned. */
    public static void openedInput(FileInputStream stream, String path) throws FileNotFoundException {
        if (hooks == null) {
            return;
        }
        ThreadState state = BridgeGate.enter();
        if (state == null) {
            return;
        }
        try {
            register(stream, hooks.openedInput(stream, path));
        } catch (Throwable refused) {
            throw notFound(path, refused);
        } finally {
            BridgeGate.leave(state);
        }
    }

    public static void write(Object zone, int b) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                ((OutputStream) zone).write(b);
            }
        } finally {
            state.inside = false;
        }
    }

    public static void write(Object zone, byte[] b, int off, int len) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                ((OutputStream) zone).write(b, off, len);
            }
        } finally {
            state.inside = false;
        }
    }

    public static int read(Object zone) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).read();
            }
        } finally {
            state.inside = false;
        }
    }

    public static int read(Object zone, byte[] b, int off, int len) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).read(b, off, len);
            }
        } finally {
            state.inside = false;
        }
    }

    public static byte[] readAllBytes(Object zone) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).readAllBytes();
            }
        } finally {
            state.inside = false;
        }
    }

    public static byte[] readNBytes(Object zone, int len) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).readNBytes(len);
            }
        } finally {
            state.inside = false;
        }
    }

    public static long skip(Object zone, long n) throws IOException {
        ThreadState state = inside();
        try {
            synchronized (zone) {
                return ((InputStream) zone).skip(n);
            }
        } finally {
            state.inside = false;
        }
    }

    public static int available(Object zone) throws IOException {
        synchronized (zone) {
            return ((InputStream) zone).available();
        }
    }

    /** {@code transferTo(out)}: decrypted bytes go out through the app's stream, mediated as the app's writes. */
    public static long transferTo(Object zone, OutputStream out) throws IOException {
        byte[] buffer = new byte[16 * 1024];
        long total = 0;
        int n;
        while ((n = read(zone, buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /**
     * The app closes a stream: an encrypting stream seals its last segment through it first.
     *
     * @return the failure to report after the stream itself is closed, or null
     */
    public static IOException closing(Object stream) {
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
        ThreadState state = BridgeGate.enter();
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
        ThreadState state = BridgeGate.enter();
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
        ThreadState state = BridgeGate.enter();
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
    public static java.util.stream.Stream<String> lines(InputStream zone, java.nio.charset.Charset charset) {
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
