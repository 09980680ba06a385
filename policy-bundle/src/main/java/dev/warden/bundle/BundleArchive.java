package dev.warden.bundle;

import dev.warden.bundle.BundleException.Problem;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The entries of a {@code .wbundle} zip archive, read safely but <em>not</em> verified: sizes are
 * bounded while reading (a lying header cannot exhaust memory), entry names are checked for path
 * traversal and duplicates, and nothing is ever extracted to disk. {@link BundleVerifier} builds on
 * it; {@code bundle inspect} shows it.
 */
public final class BundleArchive {

    /** Largest archive file accepted. */
    public static final long MAX_ARCHIVE_BYTES = 4L * 1024 * 1024;
    /** Most entries accepted (manifest, files and signatures together). */
    public static final int MAX_ENTRIES = 64;
    /** Largest sum of uncompressed entry sizes accepted, counted while inflating. */
    public static final long MAX_UNCOMPRESSED_BYTES = 8L * 1024 * 1024;

    static final String SIGNATURES = "signatures/";
    private static final Pattern SIGNATURE_ENTRY = Pattern.compile("signatures/([0-9a-f]{16})\\.sig");

    private final Path file;
    private final byte[] manifest;
    private final Map<String, byte[]> files;
    private final Map<String, byte[]> signatures;

    private BundleArchive(Path file, byte[] manifest, Map<String, byte[]> files, Map<String, byte[]> signatures) {
        this.file = file;
        this.manifest = manifest;
        this.files = Collections.unmodifiableMap(files);
        this.signatures = Collections.unmodifiableMap(signatures);
    }

    /** Reads the archive within the limits; refuses unsafe, duplicate or unexpected entry names. */
    public static BundleArchive read(Path file) throws BundleException {
        String source = file.toString();
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw new BundleException(Problem.IO, source, "cannot read the bundle: " + KeyPairs.describe(e), e);
        }
        if (size > MAX_ARCHIVE_BYTES) {
            throw tooLarge(source, "the archive is " + size + " bytes, more than the limit of " + MAX_ARCHIVE_BYTES);
        }
        byte[] manifest = null;
        Map<String, byte[]> files = new TreeMap<>();
        Map<String, byte[]> signatures = new TreeMap<>();
        Map<String, Boolean> seen = new LinkedHashMap<>();
        long budget = MAX_UNCOMPRESSED_BYTES;
        // a FileInputStream, not Files.newInputStream: NIO's file channels are some twenty classes more at the agent's start
        try (InputStream raw = new FileInputStream(file.toFile());
                ZipInputStream zip = new ZipInputStream(new BufferedInputStream(new Bounded(raw, MAX_ARCHIVE_BYTES, source)))) {
            ZipEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (seen.size() >= MAX_ENTRIES) {
                    throw tooLarge(source, "more than " + MAX_ENTRIES + " entries");
                }
                String name = entry.getName();
                checkName(name, source);
                if (seen.put(name, Boolean.TRUE) != null) {
                    throw new BundleException(Problem.DUPLICATE_ENTRY, source, "duplicate entry '" + name + "'");
                }
                byte[] content = readBounded(zip, budget, source);
                budget -= content.length;
                if (name.equals(Manifest.ENTRY)) {
                    manifest = content;
                } else if (name.startsWith(SIGNATURES)) {
                    java.util.regex.Matcher matcher = SIGNATURE_ENTRY.matcher(name);
                    if (!matcher.matches()) {
                        throw new BundleException(Problem.UNLISTED_FILE, source, "unexpected entry '" + name
                                + "' (signatures are named signatures/<16 hex key id>.sig)");
                    }
                    signatures.put(matcher.group(1), content);
                } else {
                    files.put(name, content);
                }
            }
        } catch (BundleException e) {
            throw e;
        } catch (IOException | IllegalArgumentException e) {
            // ZipException, truncated data, or an entry name that is not valid UTF-8
            throw new BundleException(Problem.IO, source, "not a valid bundle archive: " + e.getMessage(), e);
        }
        if (seen.isEmpty()) {
            throw new BundleException(Problem.IO, source, "not a valid bundle archive: no zip entries");
        }
        return new BundleArchive(file, manifest, files, signatures);
    }

    /** The archive file. */
    public Path file() {
        return file;
    }

    /** The exact manifest bytes (what signatures cover); refuses an archive without one. */
    public byte[] manifestBytes() throws BundleException {
        if (manifest == null) {
            throw new BundleException(Problem.BAD_MANIFEST, file.toString(), "no " + Manifest.ENTRY + " in the archive");
        }
        return manifest.clone();
    }

    /** The parsed manifest (line-numbered errors). */
    public Manifest manifest() throws BundleException {
        return Manifest.parse(manifestBytes(), file + "!" + Manifest.ENTRY);
    }

    /** Lower-case hex SHA-256 of the manifest bytes. */
    public String manifestDigest() throws BundleException {
        return Hashes.sha256Hex(manifestBytes());
    }

    /** Every entry that is neither the manifest nor a signature, by name. */
    public Map<String, byte[]> files() {
        return files;
    }

    /** Signature bytes by key id (from {@code signatures/<keyid>.sig}), sorted by key id. */
    public Map<String, byte[]> signatures() {
        return signatures;
    }

    /** Refuses files the manifest does not list, listed files that are absent, and hash mismatches. */
    void checkFiles(Manifest parsed) throws BundleException {
        String source = file.toString();
        for (String name : files.keySet()) {
            if (!parsed.files().containsKey(name)) {
                throw new BundleException(Problem.UNLISTED_FILE, source, "file '" + name + "' is in the archive but not listed in the manifest");
            }
        }
        for (Map.Entry<String, String> listed : parsed.files().entrySet()) {
            byte[] content = files.get(listed.getKey());
            if (content == null) {
                throw new BundleException(Problem.MISSING_FILE, source, "file '" + listed.getKey() + "' is listed in the manifest but missing from the archive");
            }
            String actual = "sha256:" + Hashes.sha256Hex(content);
            if (!actual.equals(listed.getValue())) {
                throw new BundleException(Problem.HASH_MISMATCH, source, "file '" + listed.getKey()
                        + "' does not match the manifest (" + listed.getValue() + " expected, content is " + actual + ")");
            }
        }
    }

    /** Writes entries (in this order) to a temp file beside {@code out}, then moves it into place atomically. */
    static void write(Path out, Map<String, byte[]> entries, Instant time) throws BundleException {
        Path absolute = out.toAbsolutePath();
        Path temp = null;
        try {
            temp = Files.createTempFile(absolute.getParent(), "." + absolute.getFileName(), ".tmp");
            if (temp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                // a bundle is public material (temp files start as rw-------)
                Files.setPosixFilePermissions(temp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            }
            try (OutputStream stream = Files.newOutputStream(temp); ZipOutputStream zip = new ZipOutputStream(stream)) {
                for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                    ZipEntry zipEntry = new ZipEntry(entry.getKey());
                    zipEntry.setTime(time.toEpochMilli());
                    zip.putNextEntry(zipEntry);
                    zip.write(entry.getValue());
                    zip.closeEntry();
                }
            }
            Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new BundleException(Problem.IO, out.toString(), "cannot write the bundle: " + KeyPairs.describe(e), e);
        } finally {
            if (temp != null) {
                try {
                    Files.deleteIfExists(temp);
                } catch (IOException ignored) {
                    // best effort
                }
            }
        }
    }

    private static void checkName(String name, String source) throws BundleException {
        String problem = null;
        if (name.isEmpty()) {
            problem = "an empty name";
        } else if (name.startsWith("/")) {
            problem = "an absolute path";
        } else if (name.indexOf('\\') >= 0) {
            problem = "a backslash";
        } else if (name.indexOf(':') >= 0) {
            problem = "a drive or colon";
        } else if (hasControlCharacter(name)) {
            problem = "a control character";
        } else if (name.endsWith("/")) {
            problem = "a directory entry";
        } else {
            for (String segment : name.split("/", -1)) {
                if (segment.equals("..")) {
                    problem = "path traversal (..)";
                    break;
                }
                if (segment.isEmpty() || segment.equals(".")) {
                    problem = "an empty or '.' path segment";
                    break;
                }
            }
        }
        if (problem != null) {
            throw new BundleException(Problem.UNSAFE_ENTRY, source, "unsafe entry name '" + name + "': " + problem);
        }
    }

    private static byte[] readBounded(InputStream entry, long budget, String source) throws IOException, BundleException {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = entry.read(buffer)) != -1) {
            total += read;
            if (total > budget) {
                throw tooLarge(source, "more than " + MAX_UNCOMPRESSED_BYTES + " bytes uncompressed (zip bomb?)");
            }
            content.write(buffer, 0, read);
        }
        return content.toByteArray();
    }

    private static BundleException tooLarge(String source, String reason) {
        return new BundleException(Problem.TOO_LARGE, source, "archive too large: " + reason);
    }

    /** Stops reading past {@code limit} bytes, whatever the file claims or grows to. */
    private static final class Bounded extends FilterInputStream {
        private long remaining;
        private final String source;

        Bounded(InputStream in, long limit, String source) {
            super(in);
            this.remaining = limit;
            this.source = source;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                if (super.read() == -1) {
                    return -1;
                }
                throw new IOException("the archive grew beyond " + MAX_ARCHIVE_BYTES + " bytes while being read (" + source + ")");
            }
            int read = super.read(b, off, (int) Math.min(len, remaining));
            if (read > 0) {
                remaining -= read;
            }
            return read;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }
    }

    /** A loop, not {@code chars().anyMatch}: a stream pipeline loads a dozen classes at the agent's start. */
    private static boolean hasControlCharacter(String name) {
        for (int i = 0; i < name.length(); i++) {
            if (Character.isISOControl(name.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
