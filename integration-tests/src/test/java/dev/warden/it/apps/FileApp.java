package dev.warden.it.apps;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.FileReader;
import java.io.FileWriter;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.AsynchronousFileChannel;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Scanner;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipFile;

/**
 * Runs file operations, one {@code RESULT} line each, tagged {@code op=NAME}. Args: {@code OP:PATH}
 * or {@code OP:PATH:PATH2} (source and target, or link and target). A read reports
 * {@code bytes=N}; a listing {@code entries=N}; a java.io.File method that fails by result reports
 * {@code result=false} / {@code result=null}.
 */
public final class FileApp {

    public static final String WRITTEN = "written-by-app";

    public static void main(String[] args) {
        for (String arg : args) {
            String[] parts = arg.split(":", 3);
            String op = parts[0];
            String path = parts[1];
            String second = parts.length > 2 ? parts[2] : null;
            String[] tags = {"op", op};
            String[] kv;
            try {
                kv = run(op, path, second);
            } catch (java.nio.file.AccessDeniedException denied) {
                // the contract names the declared type; Warden's own subclass carries its message
                Report.failure(new String[] {"op", op, "is", "java.nio.file.AccessDeniedException"}, denied);
                continue;
            } catch (Throwable failed) {
                Report.failure(tags, failed);
                continue;
            }
            String[] all = new String[tags.length + kv.length];
            System.arraycopy(tags, 0, all, 0, tags.length);
            System.arraycopy(kv, 0, all, tags.length, kv.length);
            Report.ok(all);
        }
    }

    private static String[] run(String op, String path, String second) throws Throwable {
        Path p = Path.of(path);
        byte[] data = WRITTEN.getBytes(StandardCharsets.UTF_8);
        switch (op) {
            // ---- reads ----
            case "fis": try (InputStream in = new FileInputStream(path)) { return bytes(in.readAllBytes().length); }
            case "file-reader": try (BufferedReader in = new BufferedReader(new FileReader(path))) { return bytes(in.readLine().length()); }
            case "raf-r": try (RandomAccessFile raf = new RandomAccessFile(path, "r")) { return bytes((int) raf.length()); }
            case "scanner": try (Scanner in = new Scanner(new File(path))) { return bytes(in.nextLine().length()); }
            case "read-all-bytes": return bytes(Files.readAllBytes(p).length);
            case "read-string": return bytes(Files.readString(p).length());
            case "new-input-stream": try (InputStream in = Files.newInputStream(p)) { return bytes(in.readAllBytes().length); }
            case "lines": try (Stream<String> lines = Files.lines(p)) { return bytes(lines.findFirst().orElse("").length()); }
            case "buffered-reader": try (BufferedReader in = Files.newBufferedReader(p)) { return bytes(in.readLine().length()); }
            case "channel-read": try (FileChannel ch = FileChannel.open(p)) { return bytes(ch.read(ByteBuffer.allocate(256))); }
            case "mmap-read": try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ)) {
                MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
                return bytes(map.remaining());
            }
            case "async-read": try (AsynchronousFileChannel ch = AsynchronousFileChannel.open(p)) {
                return bytes(ch.read(ByteBuffer.allocate(256), 0).get());
            }
            case "file-url": try (InputStream in = new URL("file:" + path).openStream()) { return bytes(in.readAllBytes().length); }
            case "zip": try (ZipFile zip = new ZipFile(path)) { return new String[] {"entries", String.valueOf(zip.size())}; }
            case "jar": try (JarFile jar = new JarFile(path)) { return new String[] {"entries", String.valueOf(jar.size())}; }
            // ---- writes to an existing file ----
            case "fos": try (FileOutputStream out = new FileOutputStream(path)) { out.write(data); return ok(); }
            case "fos-append": try (FileOutputStream out = new FileOutputStream(path, true)) { out.write(data); return ok(); }
            case "file-writer": try (FileWriter out = new FileWriter(path)) { out.write(WRITTEN); return ok(); }
            case "raf-rw": try (RandomAccessFile raf = new RandomAccessFile(path, "rw")) { raf.write(data); return ok(); }
            case "write": Files.write(p, data); return ok();
            case "write-string": Files.writeString(p, WRITTEN); return ok();
            case "new-output-stream": try (var out = Files.newOutputStream(p)) { out.write(data); return ok(); }
            case "buffered-writer": try (var out = Files.newBufferedWriter(p)) { out.write(WRITTEN); return ok(); }
            case "channel-write": try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                ch.write(ByteBuffer.wrap(data));
                return ok();
            }
            case "mmap-write": try (FileChannel ch = FileChannel.open(p, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                ch.map(FileChannel.MapMode.READ_WRITE, 0, 1).put((byte) 'X');
                return ok();
            }
            // ---- creates ----
            case "create-file": Files.createFile(p); return ok();
            case "create-new-file": return result(new File(path).createNewFile());
            case "temp-file-io": return new String[] {"created", File.createTempFile("warden", ".tmp", new File(path)).getParent()};
            case "temp-file-nio": return new String[] {"created", Files.createTempFile(p, "warden", ".tmp").getParent().toString()};
            case "mkdir": return result(new File(path).mkdir());
            case "mkdirs": return result(new File(path).mkdirs());
            case "create-directory": Files.createDirectory(p); return ok();
            case "create-directories": Files.createDirectories(p); return ok();
            case "symlink": Files.createSymbolicLink(p, Path.of(second)); return ok();
            case "hardlink": Files.createLink(p, Path.of(second)); return ok();
            // ---- deletes, renames ----
            case "set-mtime": return result(new File(path).setLastModified(0));
            case "set-executable": return result(new File(path).setExecutable(true, false));
            case "set-readonly": return result(new File(path).setReadOnly());
            case "nio-mtime": Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.fromMillis(0)); return ok();
            case "nio-perms": Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxrwxrwx")); return ok();
            case "nio-owner": Files.setOwner(p, Files.getOwner(p)); return ok();
            case "nio-attr": Files.setAttribute(p, "basic:lastModifiedTime", java.nio.file.attribute.FileTime.fromMillis(0)); return ok();
            case "file-delete": return result(new File(path).delete());
            case "delete": Files.delete(p); return ok();
            case "delete-if-exists": return result(Files.deleteIfExists(p));
            case "rename-to": return result(new File(path).renameTo(new File(second)));
            case "move": Files.move(p, Path.of(second)); return ok();
            case "copy": Files.copy(p, Path.of(second)); return ok();
            // ---- listings ----
            case "file-list": { String[] names = new File(path).list(); return names == null ? new String[] {"result", "null"} : entries(names.length); }
            case "file-list-files": { File[] files = new File(path).listFiles(); return files == null ? new String[] {"result", "null"} : entries(files.length); }
            case "directory-stream": try (DirectoryStream<Path> dir = Files.newDirectoryStream(p)) {
                int n = 0;
                for (Path ignored : dir) {
                    n++;
                }
                return entries(n);
            }
            case "list": try (Stream<Path> s = Files.list(p)) { return entries((int) s.count()); }
            case "walk": try (Stream<Path> s = Files.walk(p)) { return entries((int) s.count()); }
            default: throw new IllegalArgumentException("unknown operation " + op);
        }
    }

    private static String[] bytes(int n) {
        return new String[] {"bytes", String.valueOf(n)};
    }

    private static String[] entries(int n) {
        return new String[] {"entries", String.valueOf(n)};
    }

    private static String[] result(boolean value) {
        return new String[] {"result", String.valueOf(value)};
    }

    private static String[] ok() {
        return new String[0];
    }
}
