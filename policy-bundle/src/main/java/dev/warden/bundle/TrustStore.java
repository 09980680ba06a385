package dev.warden.bundle;

import dev.warden.bundle.BundleException.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * The keys a verifier trusts: every {@code *.pub} file (PEM Ed25519 public key) in a directory,
 * and an optional {@code trust.yaml}:
 * <pre>
 * threshold: 2                       # valid signatures from distinct trusted keys needed (default 1)
 * revoked: [3f2a9c0d1b7e6a55]        # key ids never accepted, even if their .pub file is present
 * </pre>
 * A missing or empty directory trusts nothing: every bundle is refused.
 */
public final class TrustStore {

    /** The optional settings file in a trust directory. */
    public static final String SETTINGS = "trust.yaml";

    private static final Pattern KEY_ID = Pattern.compile("[0-9a-f]{16}");

    private final Path directory;
    private final Map<String, Ed25519PublicKeyParameters> keys;
    private final Set<String> revoked;
    private final int threshold;

    private TrustStore(Path directory, Map<String, Ed25519PublicKeyParameters> keys, Set<String> revoked, int threshold) {
        this.directory = directory;
        this.keys = Collections.unmodifiableMap(keys);
        this.revoked = Collections.unmodifiableSet(revoked);
        this.threshold = threshold;
    }

    /**
     * Loads a trust directory. A missing directory yields a store that trusts nothing. A key file
     * that cannot be read, a bad {@code trust.yaml}, or a threshold above the number of usable
     * (present, not revoked) keys is an error.
     */
    public static TrustStore load(Path directory) throws BundleException {
        Map<String, Ed25519PublicKeyParameters> keys = new TreeMap<>();
        Set<String> revoked = new TreeSet<>();
        int threshold = 1;
        if (!Files.exists(directory)) {
            return new TrustStore(directory, keys, revoked, threshold);
        }
        if (!Files.isDirectory(directory)) {
            throw new BundleException(Problem.BAD_KEY, directory.toString(), "the trust directory is not a directory");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "*.pub")) {
            for (Path file : entries) {
                if (Files.isRegularFile(file)) {
                    Ed25519PublicKeyParameters key = KeyPairs.readPublic(file);
                    keys.put(KeyPairs.keyId(key), key);
                }
            }
        } catch (IOException e) {
            throw new BundleException(Problem.IO, directory.toString(), "cannot list the trust directory: " + KeyPairs.describe(e), e);
        }
        Path settings = directory.resolve(SETTINGS);
        if (Files.exists(settings)) {
            threshold = readSettings(settings, revoked);
        }
        int usable = 0; // counted in a loop: a stream pipeline loads a dozen classes at the agent's start
        for (String id : keys.keySet()) {
            if (!revoked.contains(id)) {
                usable++;
            }
        }
        if (!keys.isEmpty() && threshold > usable) {
            throw new BundleException(Problem.BAD_KEY, settings.toString(), "threshold " + threshold
                    + " needs more keys than the " + usable + " trusted key(s) that are not revoked");
        }
        return new TrustStore(directory, keys, revoked, threshold);
    }

    /** The directory this store was loaded from. */
    public Path directory() {
        return directory;
    }

    /** Trusted public keys by key id, revoked ones included (see {@link #isRevoked}). */
    public Map<String, Ed25519PublicKeyParameters> keys() {
        return keys;
    }

    /** Key ids listed under {@code revoked:}. */
    public Set<String> revoked() {
        return revoked;
    }

    public boolean isRevoked(String keyId) {
        return revoked.contains(keyId);
    }

    /** Valid signatures from distinct trusted keys that a bundle needs (k of n). */
    public int threshold() {
        return threshold;
    }

    /** True when no key is trusted (every bundle is refused). */
    public boolean isEmpty() {
        return keys.isEmpty();
    }

    private static int readSettings(Path settings, Set<String> revoked) throws BundleException {
        String source = settings.toString();
        Node root;
        try {
            String text = Files.readString(settings, StandardCharsets.UTF_8);
            LoadSettings load = LoadSettings.builder().setLabel(source).setSchema(new CoreSchema()).setMaxAliasesForCollections(0).build();
            root = new Compose(load).composeString(text).orElse(null);
        } catch (IOException e) {
            throw new BundleException(Problem.IO, source, "cannot read: " + KeyPairs.describe(e), e);
        } catch (YamlEngineException e) {
            throw new BundleException(Problem.BAD_KEY, source, "invalid YAML: " + e.getMessage().split("\n", 2)[0]);
        }
        int threshold = 1;
        if (root == null) {
            return threshold;
        }
        if (!(root instanceof MappingNode mapping)) {
            throw settingsError(source, root, "must be a mapping with threshold: and revoked:");
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String key = tuple.getKeyNode() instanceof ScalarNode scalar ? scalar.getValue() : "";
            Node value = tuple.getValueNode();
            switch (key) {
                case "threshold" -> {
                    if (!(value instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.INT)) {
                        throw settingsError(source, value, "threshold must be a positive integer");
                    }
                    try {
                        threshold = Integer.parseInt(scalar.getValue());
                    } catch (NumberFormatException e) {
                        threshold = 0;
                    }
                    if (threshold < 1) {
                        throw settingsError(source, value, "threshold must be a positive integer");
                    }
                }
                case "revoked" -> {
                    List<Node> items = value instanceof SequenceNode sequence ? sequence.getValue() : null;
                    if (items == null) {
                        throw settingsError(source, value, "revoked must be a list of key ids");
                    }
                    for (Node item : items) {
                        String id = item instanceof ScalarNode scalar ? scalar.getValue() : "";
                        if (!KEY_ID.matcher(id).matches()) {
                            throw settingsError(source, item, "revoked key id '" + id + "' is not 16 lower-case hex characters");
                        }
                        revoked.add(id);
                    }
                }
                default -> throw settingsError(source, tuple.getKeyNode(), "unknown key '" + key + "' (expected threshold, revoked)");
            }
        }
        return threshold;
    }

    private static BundleException settingsError(String source, Node node, String reason) {
        int line = node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
        return new BundleException(Problem.BAD_KEY, line > 0 ? source + ":" + line : source, reason);
    }
}
