package dev.warden.instrumentation.jdk.files;

import static dev.warden.bootstrap.FileBridge.CREATE;
import static dev.warden.bootstrap.FileBridge.DELETE;
import static dev.warden.bootstrap.FileBridge.LIST;
import static dev.warden.bootstrap.FileBridge.NOFOLLOW;
import static dev.warden.bootstrap.FileBridge.RAW_WRITE;
import static dev.warden.bootstrap.FileBridge.READ;
import static dev.warden.bootstrap.FileBridge.STAT;
import static dev.warden.bootstrap.FileBridge.VERIFY_OPEN;
import static dev.warden.bootstrap.FileBridge.WRITE;
import static dev.warden.bootstrap.FileBridge.WRITE_OR_CREATE;
import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
import java.util.ArrayList;
import java.util.List;

/**
 * Every JDK method through which the app touches a file, decided before the file is touched
 * ({@code FileBridge}); each fails the way its API already fails. {@code FileReader},
 * {@code FileWriter}, {@code Scanner(File)}, {@code file:} URLs, {@code ZipFile} and {@code JarFile}
 * open through the java.io streams; {@code Files} and {@code FileChannel.open} through the
 * default provider. {@code java.io.File} is hooked rather than {@code java.io.UnixFileSystem},
 * whose methods are native on JDK 17. See {@code docs/files.md}.
 */
public final class FileEntryPoints implements EntryPointCatalogue {

    private static final String FILES = "dev.warden.bootstrap.FileBridge";
    private static final String PROVIDER = "sun.nio.fs.UnixFileSystemProvider";
    private static final String VIEWS = "sun.nio.fs.UnixFileAttributeViews";

    @Override
    public List<EntryPoint> entryPoints() {
        List<EntryPoint> entries = new ArrayList<>(opensAndChanges());
        entries.addAll(probes());
        return List.copyOf(entries);
    }

    /**
     * Probes (a file's existence, type, size, times, attributes, link target, real path, file store):
     * a denied one answers as for a file that cannot be seen.
     */
    private static List<EntryPoint> probes() {
        List<EntryPoint> probes = new ArrayList<>();
        for (String test : List.of("exists()", "isFile()", "isDirectory()", "isHidden()", "canRead()", "canWrite()",
                "canExecute()")) {
            probes.add(at("java.io.File", test).self().constants(STAT)
                    .access("file stat", "returns false").skipIf(FILES, "deniesFile"));
        }
        for (String measure : List.of("length()", "lastModified()", "getTotalSpace()", "getFreeSpace()", "getUsableSpace()")) {
            probes.add(at("java.io.File", measure).self().constants(STAT)
                    .access("file stat", "returns 0").skipIf(FILES, "deniesFile"));
        }
        probes.addAll(List.of(
                // Files.exists (JDK 17), Files.notExists, isReadable/isWritable/isExecutable (JDK 17), checkAccess
                at(PROVIDER, "checkAccess(java.nio.file.Path, java.nio.file.AccessMode[])").arguments(0).constants(STAT)
                        .access("file stat", "throws AccessDeniedException").before(FILES, "checkPath"),
                // JDK 17-19: Files.exists/isDirectory/isRegularFile without link options stat natively here
                at(PROVIDER, "exists(java.nio.file.Path)").arguments(0).constants(STAT).until(19)
                        .access("file stat", "returns false").skipIf(FILES, "deniesPath"),
                at(PROVIDER, "isDirectory(java.nio.file.Path)").arguments(0).constants(STAT).until(19)
                        .access("file stat", "returns false").skipIf(FILES, "deniesPath"),
                at(PROVIDER, "isRegularFile(java.nio.file.Path)").arguments(0).constants(STAT).until(19)
                        .access("file stat", "returns false").skipIf(FILES, "deniesPath"),
                // JDK 20+: Files.exists, isDirectory, isRegularFile, isReadable, ... ask the provider directly
                at(PROVIDER, "exists(java.nio.file.Path, java.nio.file.LinkOption[])").arguments(0).constants(STAT).since(20)
                        .access("file stat", "returns false").skipIf(FILES, "deniesPath"),
                at(PROVIDER, "readAttributesIfExists(java.nio.file.Path, java.lang.Class, java.nio.file.LinkOption[])")
                        .arguments(0).constants(STAT).since(20)
                        .access("file stat", "throws AccessDeniedException").before(FILES, "checkPath"),
                at(PROVIDER, "isReadable(java.nio.file.Path)").arguments(0).constants(STAT).since(20)
                        .access("file stat", "returns false").skipIf(FILES, "deniesPath"),
                at(PROVIDER, "isWritable(java.nio.file.Path)").arguments(0).constants(STAT).since(20)
                        .access("file stat", "returns false").skipIf(FILES, "deniesPath"),
                at(PROVIDER, "isExecutable(java.nio.file.Path)").arguments(0).constants(STAT).since(20)
                        .access("file stat", "returns false").skipIf(FILES, "deniesPath"),
                at(PROVIDER, "isSameFile(java.nio.file.Path, java.nio.file.Path)").arguments(0, 1).constants(STAT, STAT)
                        .access("file stat (both)", "throws AccessDeniedException").before(FILES, "checkPaths"),
                at(PROVIDER, "readSymbolicLink(java.nio.file.Path)").arguments(0).constants(STAT | NOFOLLOW)
                        .access("file stat (the link)", "throws AccessDeniedException").before(FILES, "checkPath"),
                at(PROVIDER, "getFileStore(java.nio.file.Path)").arguments(0).constants(STAT)
                        .access("file stat", "throws AccessDeniedException").before(FILES, "checkPath"),
                at("sun.nio.fs.UnixPath", "toRealPath(java.nio.file.LinkOption[])").self().constants(STAT)
                        .access("file stat", "throws AccessDeniedException").before(FILES, "checkSelfPath"),
                // every attribute read (Files.readAttributes, size, getLastModifiedTime, getAttribute, getOwner,
                // getPosixFilePermissions, the views) ends in one of these
                at(VIEWS + "$Basic", "readAttributes()").self()
                        .access("file stat", "throws AccessDeniedException").before(FILES, "checkAttributeRead"),
                at(VIEWS + "$Posix", "readAttributes()").self()
                        .access("file stat", "throws AccessDeniedException").before(FILES, "checkAttributeRead"),
                at("sun.nio.fs.LinuxDosFileAttributeView", "readAttributes()").self()
                        .access("file stat (its DOS attributes)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeRead"),
                at("sun.nio.fs.UnixUserDefinedFileAttributeView", "list()").self()
                        .access("file stat (its extended attributes)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeRead"),
                at("sun.nio.fs.UnixUserDefinedFileAttributeView", "size(java.lang.String)").self()
                        .access("file stat (an extended attribute)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeRead"),
                at("sun.nio.fs.UnixUserDefinedFileAttributeView", "read(java.lang.String, java.nio.ByteBuffer)").self()
                        .access("file stat (an extended attribute)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeRead")));
        return probes;
    }

    private static List<EntryPoint> opensAndChanges() {
        return List.of(
                // java.io streams: the private open every constructor calls right before the native open
                // a read-only open is decided before it and verified after it, by the file it opened (before a byte is read)
                at("java.io.FileInputStream", "open(java.lang.String)").arguments(0).constants(READ | VERIFY_OPEN)
                        .access("file read", "throws FileNotFoundException").before(FILES, "checkStream"),
                at("java.io.FileInputStream", "open(java.lang.String)").self().arguments(0)
                        .access("file read (the file opened)", "closed, throws FileNotFoundException")
                        .after(FILES, "verifyStream"),
                at("java.io.FileOutputStream", "open(java.lang.String, boolean)").arguments(0).constants(WRITE_OR_CREATE)
                        .access("file write or create", "throws FileNotFoundException").before(FILES, "checkStream"),
                at("java.io.RandomAccessFile", "open(java.lang.String, int)").arguments(0, 1)
                        .access("file read, or write or create (mode rw), or delete (DELETE_ON_CLOSE)",
                                "throws FileNotFoundException")
                        .before(FILES, "checkRandomAccess"),
                at("java.io.RandomAccessFile", "open(java.lang.String, int)").self().arguments(0, 1)
                        .access("file read (the file opened, mode r)", "closed, throws FileNotFoundException")
                        .after(FILES, "verifyRandomAccess"),

                // java.io.File: mkdirs calls mkdir per level; list and every listFiles call normalizedList
                at("java.io.File", "delete()").self().constants(DELETE | NOFOLLOW)
                        .access("file delete", "returns false").skipIf(FILES, "deniesFile"),
                at("java.io.File", "mkdir()").self().constants(CREATE | NOFOLLOW)
                        .access("file create", "returns false").skipIf(FILES, "deniesFile"),
                at("java.io.File", "renameTo(java.io.File)").self().arguments(0)
                        .access("file read and delete (source), write or create (destination)", "returns false")
                        .skipIf(FILES, "deniesRename"),
                at("java.io.File", "createNewFile()").self()
                        .access("file create", "throws AccessDeniedException").before(FILES, "checkCreateFile"),
                // attribute changes (times, permissions, executable bit) write the file's metadata
                at("java.io.File", "setLastModified(long)").self().constants(WRITE)
                        .access("file write (its modification time)", "returns false").skipIf(FILES, "deniesFile"),
                at("java.io.File", "setReadOnly()").self().constants(WRITE)
                        .access("file write (its permissions)", "returns false").skipIf(FILES, "deniesFile"),
                at("java.io.File", "setWritable(boolean, boolean)").self().constants(WRITE)
                        .access("file write (its permissions)", "returns false").skipIf(FILES, "deniesFile"),
                at("java.io.File", "setReadable(boolean, boolean)").self().constants(WRITE)
                        .access("file write (its permissions)", "returns false").skipIf(FILES, "deniesFile"),
                at("java.io.File", "setExecutable(boolean, boolean)").self().constants(WRITE)
                        .access("file write (its executable bit)", "returns false").skipIf(FILES, "deniesFile"),
                at("java.io.File", "normalizedList()").self().constants(LIST)
                        .access("file list", "returns null").skipIf(FILES, "deniesFile"),
                at("java.io.File$TempDirectory", "generateFile(java.lang.String, java.lang.String, java.io.File)")
                        .access("file create (File.createTempFile)", "throws AccessDeniedException")
                        .afterResult(FILES, "checkGeneratedFile"),

                // NIO: every open, change and listing of the default file system
                at(PROVIDER, "newByteChannel(java.nio.file.Path, java.util.Set, java.nio.file.attribute.FileAttribute[])")
                        .arguments(0, 1)
                        .access("file open: read, write, create, delete as its options say", "throws AccessDeniedException")
                        .before(FILES, "checkVerifiedOpen"),
                at(PROVIDER, "newByteChannel(java.nio.file.Path, java.util.Set, java.nio.file.attribute.FileAttribute[])")
                        .arguments(0, 1)
                        .access("file read (the file a read-only open opened)", "closed, throws AccessDeniedException")
                        .afterResult(FILES, "verifyChannel"),
                at(PROVIDER, "newFileChannel(java.nio.file.Path, java.util.Set, java.nio.file.attribute.FileAttribute[])")
                        .arguments(0, 1)
                        .access("file open: read, write, create, delete as its options say", "throws AccessDeniedException")
                        .before(FILES, "checkVerifiedOpen"),
                at(PROVIDER, "newFileChannel(java.nio.file.Path, java.util.Set, java.nio.file.attribute.FileAttribute[])")
                        .arguments(0, 1)
                        .access("file read (the file a read-only open opened)", "closed, throws AccessDeniedException")
                        .afterResult(FILES, "verifyChannel"),
                at(PROVIDER, "newAsynchronousFileChannel(java.nio.file.Path, java.util.Set,"
                        + " java.util.concurrent.ExecutorService, java.nio.file.attribute.FileAttribute[])").arguments(0, 1)
                        .access("file open: read, write, create, delete as its options say", "throws AccessDeniedException")
                        .before(FILES, "checkOpen"),
                at(PROVIDER, "implDelete(java.nio.file.Path, boolean)").arguments(0).constants(DELETE | NOFOLLOW)
                        .access("file delete", "throws AccessDeniedException").before(FILES, "checkPath"),
                at(PROVIDER, "createDirectory(java.nio.file.Path, java.nio.file.attribute.FileAttribute[])").arguments(0)
                        .constants(CREATE | NOFOLLOW)
                        .access("file create", "throws AccessDeniedException").before(FILES, "checkPath"),
                // a symbolic link is itself resolved at every later access
                at(PROVIDER, "createSymbolicLink(java.nio.file.Path, java.nio.file.Path, java.nio.file.attribute.FileAttribute[])")
                        .arguments(0).constants(CREATE | NOFOLLOW)
                        .access("file create", "throws AccessDeniedException").before(FILES, "checkPath"),
                // NIO attribute changes (Files.setLastModifiedTime, setPosixFilePermissions, setOwner, setAttribute,
                // and the views themselves) all end in these: a write of the file the view stands for
                at(VIEWS + "$Basic", "setTimes(java.nio.file.attribute.FileTime, java.nio.file.attribute.FileTime,"
                        + " java.nio.file.attribute.FileTime)").self()
                        .access("file write (its times)", "throws AccessDeniedException").before(FILES, "checkAttributeChange"),
                at(VIEWS + "$Posix", "setMode(int)").self()
                        .access("file write (its permissions)", "throws AccessDeniedException").before(FILES, "checkAttributeChange"),
                at(VIEWS + "$Posix", "setOwners(int, int)").self()
                        .access("file write (its owner and group)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeChange"),
                at("sun.nio.fs.LinuxDosFileAttributeView", "updateDosAttribute(int, boolean)").self()
                        .access("file write (its DOS attributes)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeChange"),
                at("sun.nio.fs.UnixUserDefinedFileAttributeView", "write(java.lang.String, java.nio.ByteBuffer)").self()
                        .access("file write (an extended attribute)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeChange"),
                at("sun.nio.fs.UnixUserDefinedFileAttributeView", "delete(java.lang.String)").self()
                        .access("file write (an extended attribute removed)", "throws AccessDeniedException")
                        .before(FILES, "checkAttributeChange"),
                at(PROVIDER, "newDirectoryStream(java.nio.file.Path, java.nio.file.DirectoryStream$Filter)").arguments(0)
                        .constants(LIST).access("file list", "throws AccessDeniedException").before(FILES, "checkPath"),
                at(PROVIDER, "copy(java.nio.file.Path, java.nio.file.Path, java.nio.file.CopyOption[])").arguments(0, 1)
                        .constants(READ, WRITE_OR_CREATE | RAW_WRITE)
                        .access("file read (source), write or create (target)", "throws AccessDeniedException")
                        .before(FILES, "checkPaths"),
                at(PROVIDER, "move(java.nio.file.Path, java.nio.file.Path, java.nio.file.CopyOption[])").arguments(0, 1)
                        .constants(READ | DELETE | NOFOLLOW, WRITE_OR_CREATE | RAW_WRITE)
                        .access("file read and delete (source), write or create (target)", "throws AccessDeniedException")
                        .before(FILES, "checkPaths"),
                // a hard link cannot be told from the original: the existing file must allow what the new name could do
                at(PROVIDER, "createLink(java.nio.file.Path, java.nio.file.Path)").arguments(0, 1)
                        .constants(CREATE | NOFOLLOW, READ | WRITE | DELETE)
                        .access("file create (link), read, write and delete (existing)", "throws AccessDeniedException")
                        .before(FILES, "checkPaths"));
    }
}
