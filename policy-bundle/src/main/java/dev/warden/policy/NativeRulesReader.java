package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates the {@code native:} mapping. */
final class NativeRulesReader {

    private static final List<String> KEYS = List.of("libraries", "ffm", "unsafe");

    private final YamlReader yaml;

    NativeRulesReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    NativeRules read(Node node, String id) throws PolicyException {
        YamlMapping section = yaml.mapping(node, "'native'", KEYS);
        List<String> libraries = new ArrayList<>();
        Node librariesNode = section.value("libraries");
        if (librariesNode != null) {
            for (Node item : yaml.sequence(librariesNode, "'libraries'")) {
                String path = yaml.string(item, "each entry of 'libraries'");
                if (!path.startsWith("/") && !path.startsWith("${")) {
                    throw yaml.error(item, "each entry of 'libraries' must be an absolute path glob or start with a"
                            + " ${...} variable: " + path);
                }
                yaml.glob(item, path, '/', "library path");
                libraries.add(path);
            }
        }
        return new NativeRules(id, section.line(), libraries, section.bool("ffm", false), section.bool("unsafe", false));
    }
}
