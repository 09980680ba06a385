package dev.warden.bundle;

import dev.warden.bundle.BundleException.Problem;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Builds an unsigned {@code .wbundle} from a directory. The directory must hold {@code policy.yaml}
 * (the entry policy, which must parse); every other regular file in it is included and hashed. No
 * subdirectories, no symbolic links, no names outside {@code [A-Za-z0-9][A-Za-z0-9._-]*}, no
 * {@code manifest.yaml}: anything else is refused rather than silently skipped.
 * <pre>
 * Manifest m = new BundleBuilder(dir).name("support-bot").revision(3).build(Path.of("app.wbundle"));
 * </pre>
 */
public final class BundleBuilder {

    /** The entry policy file a bundle directory must hold. */
    public static final String POLICY_FILE = "policy.yaml";

    private final Path directory;
    private String name;
    private long revision;
    private Instant expires;
    private Clock clock = Clock.systemUTC();

    public BundleBuilder(Path directory) {
        this.directory = directory;
    }

    /** The bundle name, {@code [A-Za-z0-9][A-Za-z0-9._-]{0,63}}. Required. */
    public BundleBuilder name(String bundleName) {
        this.name = bundleName;
        return this;
    }

    /** A positive revision, higher than every revision of this name shipped before. Required. */
    public BundleBuilder revision(long bundleRevision) {
        this.revision = bundleRevision;
        return this;
    }

    /** When the bundle stops being accepted; {@code null} (the default) for never. */
    public BundleBuilder expires(Instant expiry) {
        this.expires = expiry;
        return this;
    }

    /** The clock for {@code created} (default: the system UTC clock; truncated to seconds). */
    public BundleBuilder clock(Clock creationClock) {
        this.clock = creationClock;
        return this;
    }

    /** Writes the unsigned bundle to {@code out} (atomically) and returns its manifest. */
    public Manifest build(Path out) throws BundleException {
        String source = directory.toString();
        if (name == null || !Manifest.NAME.matcher(name).matches()) {
            throw new BundleException(Problem.BAD_INPUT, source, "bundle name '" + name + "' must match " + Manifest.NAME.pattern());
        }
        if (revision < 1) {
            throw new BundleException(Problem.BAD_INPUT, source, "revision must be a positive integer, got " + revision);
        }
        Instant created = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        if (expires != null && !expires.isAfter(created)) {
            throw new BundleException(Problem.BAD_INPUT, source, "expires " + expires + " is not after the creation time " + created);
        }
        if (!Files.isDirectory(directory)) {
            throw new BundleException(Problem.BAD_INPUT, source, "not a directory");
        }
        Map<String, byte[]> files = new TreeMap<>();
        long total = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path file : entries) {
                String fileName = file.getFileName().toString();
                if (Files.isSymbolicLink(file)) {
                    throw new BundleException(Problem.BAD_INPUT, file.toString(), "symbolic links are not bundled");
                }
                if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                    throw new BundleException(Problem.BAD_INPUT, file.toString(), "only regular files are bundled (no subdirectories)");
                }
                if (!Manifest.FILE_NAME.matcher(fileName).matches() || fileName.equals(Manifest.ENTRY)) {
                    throw new BundleException(Problem.BAD_INPUT, file.toString(), "file name not allowed in a bundle (a plain name matching "
                            + Manifest.FILE_NAME.pattern() + ", not " + Manifest.ENTRY + ")");
                }
                byte[] content = Files.readAllBytes(file);
                total += content.length;
                if (total > BundleArchive.MAX_UNCOMPRESSED_BYTES / 2 || files.size() >= BundleArchive.MAX_ENTRIES / 2) {
                    throw new BundleException(Problem.TOO_LARGE, source, "too much to bundle (at most "
                            + BundleArchive.MAX_ENTRIES / 2 + " files and " + BundleArchive.MAX_UNCOMPRESSED_BYTES / 2 + " bytes)");
                }
                files.put(fileName, content);
            }
        } catch (IOException e) {
            throw new BundleException(Problem.IO, source, "cannot read the bundle directory: " + KeyPairs.describe(e), e);
        }
        byte[] policy = files.get(POLICY_FILE);
        if (policy == null) {
            throw new BundleException(Problem.BAD_INPUT, source, "no " + POLICY_FILE + " in the directory");
        }
        try {
            PolicyParser.parse(directory.resolve(POLICY_FILE));
        } catch (PolicyException e) {
            throw new BundleException(Problem.BAD_POLICY, null, e.getMessage(), e);
        }
        Map<String, String> digests = new TreeMap<>();
        files.forEach((fileName, content) -> digests.put(fileName, "sha256:" + Hashes.sha256Hex(content)));
        Manifest manifest = new Manifest(Manifest.FORMAT, name, revision, created, expires, POLICY_FILE, digests);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(Manifest.ENTRY, manifest.toYaml());
        entries.putAll(files);
        BundleArchive.write(out, entries, created);
        if (sizeOf(out) > BundleArchive.MAX_ARCHIVE_BYTES / 2) {
            throw new BundleException(Problem.TOO_LARGE, out.toString(), "the bundle is larger than "
                    + BundleArchive.MAX_ARCHIVE_BYTES / 2 + " bytes");
        }
        return manifest;
    }

    private static long sizeOf(Path file) throws BundleException {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new BundleException(Problem.IO, file.toString(), KeyPairs.describe(e), e);
        }
    }
}
