package dev.warden.policy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates one {@code tools:} entry. */
final class ToolRuleReader {

    private static final List<String> KEYS = List.of("name", "arguments");

    private final YamlReader yaml;

    ToolRuleReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    ToolRule read(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "tool rule", KEYS);
        if (!rule.has("name")) {
            throw yaml.error(node, "tool rule is missing 'name' (the tool's name, a glob: read_file, \"crm.*\")");
        }
        String name = rule.requiredString("name");
        if (name.contains("**") && !name.equals("**")) {
            throw yaml.error(rule.value("name"), "invalid tool name glob '" + name + "': in a tool name '*' already"
                    + " matches any characters, dots too (write " + name.replace("**", "*") + ")");
        }
        Map<String, String> arguments = new LinkedHashMap<>();
        Node argumentsNode = rule.value("arguments");
        if (argumentsNode != null) {
            YamlMapping globs = yaml.mappingOfNames(argumentsNode, "'arguments' (a glob per argument name)");
            for (Map.Entry<String, Node> argument : globs.keyNodes().entrySet()) {
                String argumentName = argument.getKey();
                Node value = globs.value(argumentName);
                String glob = yaml.string(value, "the glob of argument '" + argumentName + "'");
                yaml.glob(value, glob, '/', "glob of argument '" + argumentName + "'");
                arguments.put(argumentName, glob);
            }
        }
        return new ToolRule(id, rule.line(), name, arguments);
    }
}
