package dev.warden.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** A YAML mapping with plain-string keys, checked against the keys allowed at its place in the file. */
final class YamlMapping {

    private final YamlReader reader;
    private final MappingNode node;
    private final String what;
    private final Map<String, Node> values = new LinkedHashMap<>();
    private final Map<String, Node> keys = new LinkedHashMap<>();

    /** @param allowedKeys the keys this mapping may have, or null when the caller checks the keys itself */
    YamlMapping(YamlReader reader, MappingNode node, String what, List<String> allowedKeys) throws PolicyException {
        this.reader = reader;
        this.node = node;
        this.what = what;
        for (NodeTuple entry : node.getValue()) {
            Node keyNode = entry.getKeyNode();
            if (!(keyNode instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
                throw reader.error(keyNode, "keys of " + what + " must be plain names, found "
                        + YamlReader.describe(keyNode));
            }
            String key = scalar.getValue();
            if (allowedKeys != null && !allowedKeys.contains(key)) {
                throw reader.error(keyNode, "unknown key '" + key + "' in " + what + " (allowed: "
                        + String.join(", ", allowedKeys) + ")");
            }
            if (keys.put(key, keyNode) != null) {
                throw reader.error(keyNode, "duplicate key '" + key + "' in " + what);
            }
            values.put(key, entry.getValueNode());
        }
    }

    int line() {
        return YamlReader.line(node);
    }

    boolean has(String key) {
        return values.containsKey(key);
    }

    /** The value of {@code key}, or null when the key is absent. */
    Node value(String key) {
        return values.get(key);
    }

    Node required(String key) throws PolicyException {
        Node value = values.get(key);
        if (value == null) {
            throw reader.error(node, what + " is missing '" + key + "'");
        }
        return value;
    }

    /** The keys in file order with their key nodes (for errors about a key itself). */
    Map<String, Node> keyNodes() {
        return keys;
    }

    String requiredString(String key) throws PolicyException {
        return reader.string(required(key), "'" + key + "'");
    }

    boolean bool(String key, boolean absent) throws PolicyException {
        Node value = values.get(key);
        return value == null ? absent : reader.bool(value, "'" + key + "'");
    }

    long positiveLong(String key, long absent) throws PolicyException {
        Node value = values.get(key);
        return value == null ? absent : reader.positiveLong(value, "'" + key + "'");
    }
}
