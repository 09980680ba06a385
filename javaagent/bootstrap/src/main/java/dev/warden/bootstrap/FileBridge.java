package dev.warden.bootstrap;

import java.io.Closeable;
import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.channels.Channel;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The door between advice inlined into the JDK's file classes and the agent's {@link FileHooks}.
 * Each entry point decides before the file is touched, so a denied call creates, truncates,
 * deletes and lists nothing (a read-only open is checked again once open, by what it opened, and
 * closed before a byte is read if that is denied), and fails the way its API already fails: {@link FileNotFoundException}
 * for java.io streams and {@code RandomAccessFile}, {@link java.nio.file.AccessDeniedException}
 * for NIO and {@code File.createNewFile}, {@code false} or {@code null} for the {@code java.io.File}
 * methods that report failure by their result. Warden's own work is never mediated
 * ({@link BridgeGate#enter(Object)}); a failure inside Warden is the failure mode's decision.
 */
public final class FileBridge {

    public static final int READ = 1;
    /** Change an existing file (write, append, truncate). */
    public static final int WRITE = 1 << 1;
    /** Make a new file, directory or link. */
    public static final int CREATE = 1 << 2;
    public static final int DELETE = 1 << 3;
    public static final int LIST = 1 << 4;
    /** Write to the file if it exists, create it if not: the hook looks which one it is. */
    public static final int WRITE_OR_CREATE = 1 << 5;
    /**
     * The call acts on a link itself, not on what it points to (delete, rename, mkdir, making a
     * link): the last name of the path is not followed.
     */
    public static final int NOFOLLOW = 1 << 6;
    /**
     * The call puts bytes into the file that no Warden stream encrypts (a channel or {@code RandomAccessFile}
     * opened for writing, a copy or move onto it): refused inside an encryption zone.
     */
    public static final int RAW_WRITE = 1 << 7;

    /** Probe the file: whether it exists, its size, times, type, attributes, link target or real path. */
    public static final int STAT = 1 << 8;
    /**
     * A read-only open that the bridge verifies once it has opened, by its descriptor ({@code verify...}):
     * the decision before the open may take the path's canonical form as last verified instead of
     * resolving it again, since what was really opened is checked afterwards.
     */
    public static final int VERIFY_OPEN = 1 << 9;

    private static volatile FileHooks hooks;

    private FileBridge() {
    }

    /** Installs the file hooks once; {@code key} is the capability the network bridge was installed with. */
    public static synchronized void install(FileHooks installed, Object key) {
        BridgeGate.checkCapability(key);
        if (hooks != null) {
            throw new IllegalStateException("Warden file hooks are already installed");
        }
        try {
            // loaded now: loading it later, inside a hooked java.io call, could be circular
            Class.forName(FileDenied.class.getName(), true, null);
        } catch (ClassNotFoundException bootstrapMissing) {
            throw new IllegalStateException(bootstrapMissing);
        }
        hooks = installed;
    }

    /** {@code FileInputStream}, {@code FileOutputStream}, {@code RandomAccessFile} opening {@code path}. */
    public static void checkStream(String path, int modes) throws FileNotFoundException {
        String denial = decide(path, modes);
        if (denial != null) {
            throw new FileNotFoundException(denial);
        }
    }

    /** {@code RandomAccessFile.open(name, mode)}: the JDK's mode bits (1 read only, 2 read-write, 16 delete when closed). */
    public static void checkRandomAccess(String path, int jdkMode) throws FileNotFoundException {
        int modes = (jdkMode & 2) != 0 ? READ | WRITE_OR_CREATE | RAW_WRITE : READ;
        checkStream(path, (jdkMode & 16) != 0 ? modes | DELETE : readOnly(jdkMode) ? modes | VERIFY_OPEN : modes);
    }

    private static boolean readOnly(int jdkMode) {
        return (jdkMode & (2 | 16)) == 0;
    }

    /** After a {@code FileInputStream} opened {@code path}: it is closed and refused if the file it opened is denied. */
    public static void verifyStream(Object stream, String path) throws FileNotFoundException {
        String denial = verify(stream, path);
        if (denial != null) {
            throw new FileNotFoundException(denial);
        }
    }

    /** After a {@code RandomAccessFile} opened {@code path}: a read-only one is verified as a stream is. */
    public static void verifyRandomAccess(Object file, String path, int jdkMode) throws FileNotFoundException {
        if (readOnly(jdkMode)) {
            verifyStream(file, path);
        }
    }

    /** An NIO operation on {@code path}. */
    public static void checkPath(Path path, int modes) throws IOException {
        String file = path.toString();
        String denial = decide(file, modes);
        if (denial != null) {
            throw new FileDenied(file, denial);
        }
    }

    /** An NIO open ({@code newByteChannel}, {@code FileChannel.open}, ...) with these options. */
    public static void checkOpen(Path path, Set<?> options) throws IOException {
        checkPath(path, openModes(options));
    }

    /** An NIO open whose channel is verified once open ({@link #verifyChannel}): a read-only one may use {@link #VERIFY_OPEN}. */
    public static void checkVerifiedOpen(Path path, Set<?> options) throws IOException {
        int modes = openModes(options);
        checkPath(path, modes == READ ? READ | VERIFY_OPEN : modes);
    }

    /** After {@code newByteChannel} opened {@code path}: a read-only channel is closed and refused if its file is denied. */
    public static void verifyChannel(SeekableByteChannel channel, Path path, Set<?> options) throws IOException {
        verifyOpenedChannel(channel, path, options);
    }

    /** After {@code newFileChannel} ({@code FileChannel.open}) opened {@code path}: as {@code newByteChannel}. */
    public static void verifyChannel(FileChannel channel, Path path, Set<?> options) throws IOException {
        verifyOpenedChannel(channel, path, options);
    }

    private static void verifyOpenedChannel(Channel channel, Path path, Set<?> options) throws IOException {
        if (openModes(options) == READ) {
            String file = path.toString();
            String denial = verify(channel, file);
            if (denial != null) {
                throw new FileDenied(file, denial);
            }
        }
    }

    /** Asks the hooks about what a {@code VERIFY_OPEN} open opened; when denied, closes it before anything is read. */
    private static String verify(Object opened, String path) {
        FileHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return null;
        }
        String denial;
        try {
            denial = h.verifyOpened(path, opened);
        } catch (Throwable error) {
            denial = BridgeGate.denyOnError("file", error) ? BridgeGate.internalDenial("read of " + path, error) : null;
        } finally {
            BridgeGate.leave(state);
        }
        if (denial != null) {
            try {
                ((Closeable) opened).close();
            } catch (IOException | RuntimeException closing) {
                BridgeGate.report("file", closing);
            }
        }
        return denial;
    }

    /** What an open with these options really does (only a writing open creates or truncates). */
    static int openModes(Set<?> options) {
        boolean write = options.contains(StandardOpenOption.WRITE) || options.contains(StandardOpenOption.APPEND);
        int modes = options.contains(StandardOpenOption.READ) || !write ? READ : 0;
        if (write) {
            if (options.contains(StandardOpenOption.CREATE_NEW)) {
                modes |= CREATE;
            } else if (options.contains(StandardOpenOption.CREATE)) {
                modes |= WRITE_OR_CREATE;
            } else {
                modes |= WRITE;
            }
            modes |= RAW_WRITE;
        }
        if (options.contains(StandardOpenOption.DELETE_ON_CLOSE)) {
            modes |= DELETE;
        }
        return modes;
    }

    /** {@code File.createNewFile} and {@code File.createTempFile}: they declare IOException. */
    private static void checkCreate(String path) throws IOException {
        String denial = decide(path, CREATE);
        if (denial != null) {
            throw new FileDenied(path, denial);
        }
    }

    /** {@code java.io.File.createNewFile()} on {@code file}. */
    public static void checkCreateFile(Object file) throws IOException {
        checkCreate(((File) file).getPath());
    }

    /** {@code File.createTempFile}: the name {@code File$TempDirectory.generateFile} chose. */
    public static void checkGeneratedFile(File generated) throws IOException {
        checkCreate(generated.getPath());
    }

    /** A {@code java.io.File} method that fails by its result ({@code delete}, {@code mkdir}, {@code list}): true when denied. */
    public static boolean deniesFile(Object file, int modes) {
        return !permits(((File) file).getPath(), modes);
    }

    /** {@code File.renameTo}: takes the source away (delete) and makes its content readable at the destination. */
    public static boolean deniesRename(Object file, File destination) {
        return destination != null
                && !(permits(((File) file).getPath(), READ | DELETE | NOFOLLOW)
                        && permits(destination.getPath(), WRITE_OR_CREATE | RAW_WRITE));
    }

    /** An NIO probe that answers by its result ({@code exists}, {@code isReadable}, ...): true when denied. */
    public static boolean deniesPath(Path path, int modes) {
        return !permits(path.toString(), modes);
    }

    /** An NIO probe of the path it is called on ({@code Path.toRealPath}). */
    public static void checkSelfPath(Object path, int modes) throws IOException {
        checkPath((Path) path, modes);
    }

    /** An NIO attribute view about to read its file's attributes: a probe of that file. */
    public static void checkAttributeRead(Object view) throws IOException {
        checkView(view, false);
    }

    /** An NIO attribute view about to change its file's attributes ({@code setTimes}, {@code setMode}, ...). */
    public static void checkAttributeChange(Object view) throws IOException {
        checkView(view, true);
    }

    private static void checkView(Object view, boolean change) throws IOException {
        FileHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return;
        }
        String denial;
        try {
            denial = change ? h.decideAttributeChange(view) : h.decideAttributeRead(view);
        } catch (Throwable error) {
            denial = BridgeGate.denyOnError("file", error)
                    ? BridgeGate.internalDenial(change ? "an attribute change" : "an attribute read", error) : null;
        } finally {
            BridgeGate.leave(state);
        }
        if (denial != null) {
            throw new FileDenied(null, denial);
        }
    }

    /** An NIO operation on two paths (copy, move, link), each checked for what the operation does to it. */
    public static void checkPaths(Path first, Path second, int firstModes, int secondModes) throws IOException {
        checkPath(first, firstModes);
        checkPath(second, secondModes);
    }

    /** The {@code java.io.File} methods that fail by result ({@code delete}, {@code mkdir}, {@code list}, ...). */
    private static boolean permits(String path, int modes) {
        return decide(path, modes) == null;
    }

    private static String decide(String path, int modes) {
        FileHooks h = hooks;
        ThreadState state = BridgeGate.enter(h);
        if (state == null) {
            return null;
        }
        try {
            return h.decide(path, modes);
        } catch (Throwable error) {
            if (BridgeGate.denyOnError("file", error)) {
                return BridgeGate.internalDenial("access to " + path, error);
            }
            return null;
        } finally {
            BridgeGate.leave(state);
        }
    }
}
