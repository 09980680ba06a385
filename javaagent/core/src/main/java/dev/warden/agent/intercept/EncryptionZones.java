package dev.warden.agent.intercept;

import dev.warden.agent.access.AccessMediator;
import dev.warden.agent.access.AccessSpans;
import dev.warden.agent.access.LegacyPlaintextRead;
import dev.warden.agent.apply.zone.PlaintextFiles;
import dev.warden.agent.apply.zone.ZoneDecryptingStream;
import dev.warden.agent.apply.zone.ZoneEncryptingStream;
import dev.warden.agent.config.DataKeys;
import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.agent.decide.FileDecider;
import dev.warden.bootstrap.FileBridge;
import dev.warden.bootstrap.FileDenied;
import dev.warden.bootstrap.FileHooks;
import dev.warden.bootstrap.ZoneHooks;
import dev.warden.agent.record.FileSpans;
import dev.warden.policy.FileRule;
import dev.warden.policy.LegacyPlaintext;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumSet;
import java.util.Set;

/**
 * The zone hooks: find the zone a file lies in (its canonical path against the {@code encrypt: true}
 * rules of the policy in force) and pair the app's stream with an encrypting or decrypting one under
 * the data keys. Appending to an encrypted file is refused (the segment chain is sealed at close, and
 * re-opening it would need a read-modify-write the stream APIs do not promise); appending to an empty
 * or missing file writes a new encrypted file. A plaintext file in a zone (from before the zone) fails
 * to read, naming the migration command, unless the zone says {@code legacy_plaintext: read}: then it
 * reads as it is and each such read is recorded. Writes are encrypted either way.
 */
public final class EncryptionZones implements ZoneHooks {

    private static final Set<StandardOpenOption> DEFAULT_WRITE =
            EnumSet.of(StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE);
    private static final Set<StandardOpenOption> SUPPORTED_WRITE = EnumSet.of(StandardOpenOption.WRITE,
            StandardOpenOption.CREATE, StandardOpenOption.CREATE_NEW, StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.APPEND, StandardOpenOption.SYNC, StandardOpenOption.DSYNC);

    private final CanonicalPaths paths;
    private final FileDecider decider;
    private final FileHooks files;
    private final DataKeys keys;
    private final AccessMediator mediator;
    private final AccessSpans<LegacyPlaintextRead> legacySpans;

    /**
     * @param keys null when none are configured: zone writes are then refused, encrypted files fail to read
     * @param mediator records legacy plaintext reads
     */
    public EncryptionZones(CanonicalPaths paths, FileDecider decider, FileHooks files, DataKeys keys,
            AccessMediator mediator, FileSpans spans) {
        this.paths = paths;
        this.decider = decider;
        this.files = files;
        this.keys = keys;
        this.mediator = mediator;
        this.legacySpans = spans::recordLegacyPlaintextRead;
    }

    @Override
    public OutputStream openedOutput(FileOutputStream stream, String path, boolean append) throws IOException {
        FileRule zone = zoneOf(path);
        if (zone == null) {
            return null;
        }
        String refusal = writeRefusal(path, zone, append);
        if (refusal != null) {
            stream.close();
            throw new FileNotFoundException(refusal);
        }
        return new ZoneEncryptingStream(stream, keys.current());
    }

    @Override
    public InputStream openedInput(FileInputStream stream, String path) throws IOException {
        FileRule zone = zoneOf(path);
        return zone == null ? null : new ZoneDecryptingStream(stream, keys, path, plaintextIn(zone, path));
    }

    @Override
    public OutputStream newOutputStream(Path path, OpenOption[] options) throws IOException {
        FileRule zone = path.getFileSystem() == FileSystems.getDefault() ? zoneOf(path.toString()) : null;
        if (zone == null) {
            return null;
        }
        Set<OpenOption> opts = options.length == 0 ? Set.copyOf(DEFAULT_WRITE) : Set.of(options);
        for (OpenOption option : opts) {
            if (option == StandardOpenOption.READ) {
                throw new IllegalArgumentException("READ not allowed");
            }
            if (!SUPPORTED_WRITE.contains(option)) {
                throw new FileDenied(path.toString(), "warden: denied write of " + path + ": option " + option
                        + " is not supported in encryption zone " + zone.id() + " [rule " + zone.id() + "]");
            }
        }
        int modes = opts.contains(StandardOpenOption.CREATE_NEW) ? FileBridge.CREATE
                : opts.contains(StandardOpenOption.CREATE) ? FileBridge.WRITE_OR_CREATE : FileBridge.WRITE;
        String denial = files.decide(path.toString(), modes);
        if (denial != null) {
            throw new FileDenied(path.toString(), denial);
        }
        String refusal = writeRefusal(path.toString(), zone, opts.contains(StandardOpenOption.APPEND));
        if (refusal != null) {
            throw new FileDenied(path.toString(), refusal);
        }
        // opened on this thread inside Warden: the open is not decided again, nor refused as a raw write
        return new ZoneEncryptingStream(Files.newOutputStream(path, opts.toArray(new OpenOption[0])), keys.current());
    }

    @Override
    public InputStream newInputStream(Path path, OpenOption[] options) throws IOException {
        FileRule zone = path.getFileSystem() == FileSystems.getDefault() ? zoneOf(path.toString()) : null;
        if (zone == null) {
            return null;
        }
        String denial = files.decide(path.toString(), FileBridge.READ);
        if (denial != null) {
            throw new FileDenied(path.toString(), denial);
        }
        return new ZoneDecryptingStream(Files.newInputStream(path, options), keys, path.toString(),
                plaintextIn(zone, path.toString()));
    }

    @Override
    public byte[] readAllBytes(Path path) throws IOException {
        InputStream zone = newInputStream(path, new OpenOption[0]);
        if (zone == null) {
            return null;
        }
        try (zone) {
            return zone.readAllBytes();
        }
    }

    private FileRule zoneOf(String path) throws IOException {
        if (!decider.hasEncryptionZones()) {
            return null;
        }
        return decider.encryptionZone(paths.canonical(path));
    }

    /** What a read of {@code path} in {@code zone} does when the file turns out to be plaintext. */
    private PlaintextFiles plaintextIn(FileRule zone, String path) {
        if (zone.legacyPlaintext() == LegacyPlaintext.READ) {
            return file -> {
                String canonical = paths.canonical(path);
                mediator.apply(new LegacyPlaintextRead(path, canonical), decider.legacyPlaintextRead(canonical, zone),
                        legacySpans);
            };
        }
        return file -> {
            throw new IOException("warden: " + file + " is not a Warden-encrypted file, but it lies in encryption zone "
                    + zone.id() + " (" + zone.path() + "): plaintext from before the zone. Encrypt the zone's files in place"
                    + " with: java -jar warden-agent.jar zone encrypt DIR --keys KEYS; or let the zone read them meanwhile"
                    + " with legacy_plaintext: read on " + zone.id() + " [rule " + zone.id() + "]");
        };
    }

    /** Why a write into {@code zone} cannot be encrypted, or null when it can. */
    private String writeRefusal(String path, FileRule zone, boolean append) {
        if (keys == null) {
            return "warden: denied write of " + path + ": encryption zone " + zone.id() + " (" + zone.path()
                    + ") needs data keys, and none are configured (keys=) [rule " + zone.id() + "]";
        }
        if (append && new File(path).length() > 0) {
            return "warden: denied append to " + path + ": it lies in encryption zone " + zone.id() + " (" + zone.path()
                    + "), where an encrypted file is written whole; rewrite it instead [rule " + zone.id() + "]";
        }
        return null;
    }
}
