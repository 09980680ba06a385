package dev.warden.bundle;

import dev.warden.bundle.BundleException.Problem;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Properties;

/**
 * Anti-rollback: per bundle name, the highest accepted revision and the SHA-256 of its manifest,
 * one file {@code <name>.rollback} (Java properties) in a state directory. A lower revision is
 * refused, and so is the same revision with a different manifest. Writes are atomic (temp file,
 * fsync, {@code ATOMIC_MOVE}). One guard per state directory per process; concurrent callers in
 * this process are serialised.
 */
public final class RollbackGuard {

    private static final String SUFFIX = ".rollback";

    private final Path directory;

    public RollbackGuard(Path stateDirectory) {
        this.directory = stateDirectory;
    }

    /** Refuses a bundle older than, or different at the same revision from, the accepted one. */
    public synchronized void check(VerifiedBundle bundle) throws BundleException {
        checked(bundle);
    }

    /** The state recorded for the bundle's name (null when none) once the bundle passed {@link #check}. */
    private Properties checked(VerifiedBundle bundle) throws BundleException {
        Properties accepted = readState(bundle.name());
        if (accepted == null) {
            return null;
        }
        String source = bundle.file().toString();
        long acceptedRevision;
        try {
            acceptedRevision = Long.parseLong(accepted.getProperty("revision", ""));
        } catch (NumberFormatException e) {
            throw new BundleException(Problem.IO, stateFile(bundle.name()).toString(), "corrupt anti-rollback state (no revision)");
        }
        String acceptedDigest = accepted.getProperty("manifest-sha256", "");
        if (bundle.revision() < acceptedRevision) {
            throw new BundleException(Problem.ROLLBACK, source, "bundle " + bundle.name() + " revision " + bundle.revision()
                    + " is older than the accepted revision " + acceptedRevision);
        }
        if (bundle.revision() == acceptedRevision && !bundle.manifestDigest().equals(acceptedDigest)) {
            throw new BundleException(Problem.ROLLBACK, source, "bundle " + bundle.name() + " revision " + bundle.revision()
                    + " was already accepted with other content (manifest sha256 " + abbreviate(acceptedDigest)
                    + ", this one " + abbreviate(bundle.manifestDigest()) + "); raise the revision");
        }
        return accepted;
    }

    /**
     * {@link #check}s the bundle, then records it as the accepted revision of its name; a bundle
     * already recorded (every restart with the same bundle) writes nothing.
     */
    public synchronized void accept(VerifiedBundle bundle) throws BundleException {
        Properties accepted = checked(bundle);
        if (accepted != null && Long.toString(bundle.revision()).equals(accepted.getProperty("revision"))
                && bundle.manifestDigest().equals(accepted.getProperty("manifest-sha256"))) {
            return;
        }
        Path state = stateFile(bundle.name());
        // written as Properties.store would, but without its date comment (formatting a Date loads the
        // time zone and calendar classes at the agent's start); name and digest need no escaping
        String text = "# warden anti-rollback state; do not edit\n"
                + "name=" + bundle.name() + "\n"
                + "revision=" + bundle.revision() + "\n"
                + "manifest-sha256=" + bundle.manifestDigest() + "\n";
        Path temp = null;
        try {
            Files.createDirectories(directory);
            temp = Files.createTempFile(directory, "." + bundle.name(), ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer bytes = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            temp = null;
        } catch (IOException e) {
            throw new BundleException(Problem.IO, state.toString(), "cannot record the accepted revision: " + KeyPairs.describe(e), e);
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

    /** The highest accepted revision of {@code name}, or 0 when none was accepted. */
    public synchronized long acceptedRevision(String name) throws BundleException {
        Properties state = readState(name);
        return state == null ? 0 : Long.parseLong(state.getProperty("revision", "0"));
    }

    private Path stateFile(String name) {
        // names are restricted by Manifest.NAME, so this stays inside the directory
        return directory.resolve(name + SUFFIX);
    }

    private Properties readState(String name) throws BundleException {
        if (!Manifest.NAME.matcher(name).matches()) {
            throw new BundleException(Problem.BAD_INPUT, name, "not a valid bundle name");
        }
        Path state = stateFile(name);
        if (!Files.exists(state)) {
            return null;
        }
        Properties properties = new Properties();
        try (InputStream in = new FileInputStream(state.toFile())) { // not Files.newInputStream: see BundleArchive.read
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new BundleException(Problem.IO, state.toString(), "cannot read the anti-rollback state: " + e.getMessage(), e);
        }
        return properties;
    }

    private static String abbreviate(String digest) {
        return digest.length() > 16 ? digest.substring(0, 16) + "..." : digest;
    }
}
