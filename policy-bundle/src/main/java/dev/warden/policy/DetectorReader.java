package dev.warden.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads the top-level {@code detectors:} map: custom detector name to {@code {pattern: REGEX}}. */
final class DetectorReader {

    private static final List<String> KEYS = List.of("pattern");

    private final YamlReader yaml;

    DetectorReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    List<Detector> read(Node node) throws PolicyException {
        YamlMapping detectors = yaml.mappingOfNames(node, "'detectors'");
        List<Detector> result = new ArrayList<>();
        for (Map.Entry<String, Node> key : detectors.keyNodes().entrySet()) {
            String name = key.getKey();
            if (!name.matches("[a-z][a-z0-9_]*")) {
                throw yaml.error(key.getValue(), "detector name '" + name
                        + "' must be lower case letters, digits and '_', starting with a letter");
            }
            if (Detector.BUILT_IN.contains(name)) {
                throw yaml.error(key.getValue(), "detector '" + name + "' is built in and cannot be redefined");
            }
            YamlMapping definition = yaml.mapping(detectors.value(name), "detector '" + name + "'", KEYS);
            Node patternNode = definition.required("pattern");
            String pattern = yaml.string(patternNode, "'pattern'");
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw yaml.error(patternNode, "invalid pattern for detector '" + name + "': " + e.getDescription());
            }
            result.add(new Detector(name, definition.line(), pattern));
        }
        return result;
    }
}
