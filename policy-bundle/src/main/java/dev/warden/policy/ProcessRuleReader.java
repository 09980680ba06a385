package dev.warden.policy;

import java.util.List;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates one {@code processes:} entry. */
final class ProcessRuleReader {

    private static final List<String> KEYS = List.of("command", "dir", "env");

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
        Node dirNode = rule.value("dir");
        String dir = dirNode == null ? null : yaml.string(dirNode, "'dir'");
        if (dir != null && !dir.startsWith("/") && !dir.startsWith("${")) {
            throw yaml.error(dirNode, "'dir' must be an absolute path or start with a ${...} variable: " + dir);
        }
        Node envNode = rule.value("env");
        List<String> env = envNode == null ? null : yaml.strings(envNode, "'env'");
        if (env != null) {
            for (String name : env) {
                if (!name.matches("[A-Za-z_*][A-Za-z0-9_*]*")) {
                    throw yaml.error(envNode, "'env' lists variable names (globs with *): '" + name + "' is not one");
                }
            }
        }
        return new ProcessRule(id, rule.line(), command, dir, env);
    }
}
