package dev.warden.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Typed access to composed YAML nodes; every mistake becomes a {@link PolicyException} at the node's line. */
final class YamlReader {

    /** Longest value quoted back in an error; longer ones are cut. */
    private static final int MAX_SHOWN_VALUE = 60;

    private final String source;

    YamlReader(String source) {
        this.source = source;
    }

    PolicyException error(Node node, String reason) {
        return new PolicyException(source, line(node), reason);
    }

    static int line(Node node) {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    /** A mapping whose keys must all be in {@code allowedKeys}. */
    YamlMapping mapping(Node node, String what, List<String> allowedKeys) throws PolicyException {
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, what + " must be a mapping, found " + describe(node));
        }
        return new YamlMapping(this, mapping, what, allowedKeys);
    }

    /** A mapping whose keys the caller checks (a map of names the user chooses). */
    YamlMapping mappingOfNames(Node node, String what) throws PolicyException {
        return mapping(node, what, null);
    }

    List<Node> sequence(Node node, String what) throws PolicyException {
        if (!(node instanceof SequenceNode sequence)) {
            throw error(node, what + " must be a list, found " + describe(node));
        }
        return sequence.getValue();
    }

    /** The text of any non-null scalar (so {@code 8080} and {@code true} read as text too), never empty. */
    String string(Node node, String what) throws PolicyException {
        if (!(node instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
            throw error(node, what + " must be a string, found " + describe(node));
        }
        if (scalar.getValue().isBlank()) {
            throw error(node, what + " must not be empty");
        }
        return scalar.getValue();
    }

    List<String> strings(Node node, String what) throws PolicyException {
        List<String> values = new ArrayList<>();
        for (Node item : sequence(node, what)) {
            values.add(string(item, "each entry of " + what));
        }
        return values;
    }

    boolean bool(Node node, String what) throws PolicyException {
        if (!(node instanceof ScalarNode scalar) || !scalar.getTag().equals(Tag.BOOL)) {
            throw error(node, what + " must be true or false, found " + describe(node));
        }
        return Boolean.parseBoolean(scalar.getValue().toLowerCase(Locale.ROOT));
    }

    long positiveLong(Node node, String what) throws PolicyException {
        if (node instanceof ScalarNode scalar && scalar.getTag().equals(Tag.INT)
                && scalar.getValue().matches("\\+?[0-9]{1,18}")) {
            long value = Long.parseLong(scalar.getValue());
            if (value > 0) {
                return value;
            }
        }
        throw error(node, what + " must be a positive whole number, found " + describe(node));
    }

    /** The enum constant whose lower-case name is the node's text. */
    <E extends Enum<E>> E choice(Node node, String what, Class<E> type) throws PolicyException {
        String text = string(node, what);
        for (E constant : type.getEnumConstants()) {
            if (constant.name().toLowerCase(Locale.ROOT).equals(text)) {
                return constant;
            }
        }
        throw error(node, "unknown " + what + " '" + text + "' (allowed: " + labels(type) + ")");
    }

    /** An {@code allow:} list: a non-empty list of enum labels. */
    <E extends Enum<E>> Set<E> allowed(Node node, String what, Class<E> type) throws PolicyException {
        List<Node> items = sequence(node, "'allow'");
        if (items.isEmpty()) {
            throw error(node, "'allow' must list at least one " + what);
        }
        Set<E> values = EnumSet.noneOf(type);
        for (Node item : items) {
            values.add(choice(item, what, type));
        }
        return values;
    }

    /** Checks that {@code pattern} compiles as a {@link Glob}. */
    void glob(Node node, String pattern, char separator, String what) throws PolicyException {
        try {
            Glob.compile(pattern, separator);
        } catch (IllegalArgumentException e) {
            throw error(node, "invalid " + what + " '" + pattern + "': " + e.getMessage());
        }
    }

    private static <E extends Enum<E>> String labels(Class<E> type) {
        List<String> labels = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            labels.add(constant.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", labels);
    }

    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        ScalarNode scalar = (ScalarNode) node;
        if (scalar.getTag().equals(Tag.NULL)) {
            return "nothing";
        }
        String value = scalar.getValue();
        return "'" + (value.length() > MAX_SHOWN_VALUE ? value.substring(0, MAX_SHOWN_VALUE) + "..." : value) + "'";
    }
}
