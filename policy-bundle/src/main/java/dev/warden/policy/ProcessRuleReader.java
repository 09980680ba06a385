package dev.warden.policy;

import java.util.List;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates one {@code processes:} entry. */
final class ProcessRuleReader {

    private static final List<String> KEYS = List.of("command");

    private final YamlReader yaml;

    ProcessRuleReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    ProcessRule read(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "process rule", KEYS);
        Node commandNode = rule.required("command");
        List<String> command = yaml.strings(commandNode, "'command'");
        if (command.isEmpty()) {
            throw yaml.error(commandNode, "'command' must not be empty: list the program and its arguments");
        }
        return new ProcessRule(id, rule.line(), command);
    }
}
