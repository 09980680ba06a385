package dev.warden.it.apps;

import java.io.File;
import java.nio.file.AccessMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Probes files, one {@code RESULT} line each, tagged {@code op=NAME}, with {@code value=...}: what
 * the probe answered. Args: {@code OP:PATH}. A thrown {@code AccessDeniedException} is reported
 * with {@code is=java.nio.file.AccessDeniedException}.
 */
public final class FileProbeApp {

    public static void main(String[] args) {
        for (String arg : args) {
            String[] parts = arg.split(":", 2);
            String op = parts[0];
            try {
                Report.ok("op", op, "value", probe(op, parts[1]));
            } catch (java.nio.file.AccessDeniedException denied) {
                Report.failure(new String[] {"op", op, "is", "java.nio.file.AccessDeniedException"}, denied);
            } catch (Throwable failed) {
                Report.failure(new String[] {"op", op}, failed);
            }
        }
    }

    private static String probe(String op, String path) throws Exception {
        File file = new File(path);
        Path p = Path.of(path);
        Object value = switch (op) {
            case "exists" -> file.exists();
            case "is-file" -> file.isFile();
            case "is-directory" -> file.isDirectory();
            case "is-hidden" -> file.isHidden();
            case "can-read" -> file.canRead();
            case "can-write" -> file.canWrite();
            case "can-execute" -> file.canExecute();
            case "length" -> file.length();
            case "last-modified" -> file.lastModified();
            case "total-space" -> file.getTotalSpace() > 0;
            case "nio-exists" -> Files.exists(p);
            case "nio-exists-nofollow" -> Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS);
            case "nio-not-exists" -> Files.notExists(p);
            case "nio-is-regular" -> Files.isRegularFile(p);
            case "nio-is-directory" -> Files.isDirectory(p);
            case "nio-is-readable" -> Files.isReadable(p);
            case "nio-is-writable" -> Files.isWritable(p);
            case "size" -> Files.size(p);
            case "mtime" -> Files.getLastModifiedTime(p).toMillis();
            case "read-attributes" -> Files.readAttributes(p, BasicFileAttributes.class).size();
            case "posix-attributes" -> Files.readAttributes(p, PosixFileAttributes.class).size();
            case "get-attribute" -> Files.getAttribute(p, "unix:size");
            case "check-access" -> {
                p.getFileSystem().provider().checkAccess(p, AccessMode.READ);
                yield "readable";
            }
            case "same-file" -> Files.isSameFile(p, p.getParent().resolve(".").resolve(p.getFileName()));
            case "real-path" -> p.toRealPath().getFileName();
            case "read-link" -> Files.readSymbolicLink(p);
            case "file-store" -> Files.getFileStore(p).type() != null;
            default -> throw new IllegalArgumentException("unknown probe " + op);
        };
        return String.valueOf(value);
    }
}
