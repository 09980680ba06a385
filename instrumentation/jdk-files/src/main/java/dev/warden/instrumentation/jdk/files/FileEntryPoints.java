package dev.warden.instrumentation.jdk.files;

import static dev.warden.bootstrap.FileBridge.CREATE;
import static dev.warden.bootstrap.FileBridge.DELETE;
import static dev.warden.bootstrap.FileBridge.LIST;
import static dev.warden.bootstrap.FileBridge.NOFOLLOW;
import static dev.warden.bootstrap.FileBridge.RAW_WRITE;
import static dev.warden.bootstrap.FileBridge.READ;
import static dev.warden.bootstrap.FileBridge.WRITE;
import static dev.warden.bootstrap.FileBridge.WRITE_OR_CREATE;
import static dev.warden.instrumentation.api.EntryPoint.at;

import dev.warden.instrumentation.api.EntryPoint;
import dev.warden.instrumentation.api.EntryPointCatalogue;
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
        return List.of(
                // java.io streams: the private open every constructor calls right before the native open
                at("java.io.FileInputStream", "open(java.lang.String)").arguments(0).constants(READ)
                        .access("file read", "throws FileNotFoundException").before(FILES, "checkStream"),
                at("java.io.FileOutputStream", "open(java.lang.String, boolean)").arguments(0).constants(WRITE_OR_CREATE)
                        .access("file write or create", "throws FileNotFoundException").before(FILES, "checkStream"),
                at("java.io.RandomAccessFile", "open(java.lang.String, int)").arguments(0, 1)
                        .access("file read, or write or create (mode rw), or delete (DELETE_ON_CLOSE)",
                                "throws FileNotFoundException")
                        .before(FILES, "checkRandomAccess"),

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
                        .before(FILES, "checkOpen"),
                at(PROVIDER, "newFileChannel(java.nio.file.Path, java.util.Set, java.nio.file.attribute.FileAttribute[])")
                        .arguments(0, 1)
                        .access("file open: read, write, create, delete as its options say", "throws AccessDeniedException")
                        .before(FILES, "checkOpen"),
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
