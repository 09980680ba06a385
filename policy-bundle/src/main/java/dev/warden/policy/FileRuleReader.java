package dev.warden.policy;

import dev.warden.policy.decide.PathVariables;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates one {@code files:} entry. */
final class FileRuleReader {

    private static final List<String> KEYS = List.of("path", "allow", "encrypt", "legacy_plaintext");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(/|\\$\\{|[A-Za-z]:/).*");

    private final YamlReader yaml;

    FileRuleReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    FileRule read(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "file rule", KEYS);
        Node pathNode = rule.required("path");
        String path = yaml.string(pathNode, "'path'");
        if (!ABSOLUTE_PATH.matcher(path).matches()) {
            throw yaml.error(pathNode, "path '" + path + "' must be absolute (start with '/' or a ${...} variable)");
        }
        Matcher variable = PATH_VARIABLE.matcher(path);
        while (variable.find()) {
            if (!PathVariables.NAMES.contains(variable.group(1))) {
                throw yaml.error(pathNode, "unknown variable '" + variable.group() + "' in path (allowed: ${"
                        + String.join("}, ${", PathVariables.NAMES) + "})");
            }
        }
        if (variable.replaceAll("").contains("${")) {
            throw yaml.error(pathNode, "unclosed '${' in path '" + path + "'");
        }
        yaml.glob(pathNode, path, '/', "path");
        Set<FileAccess> allow = yaml.allowed(rule.required("allow"), "file access", FileAccess.class);
        boolean encrypt = rule.bool("encrypt", false);
        Node legacyNode = rule.value("legacy_plaintext");
        LegacyPlaintext legacy = LegacyPlaintext.REFUSE;
        if (legacyNode != null) {
            legacy = yaml.choice(legacyNode, "legacy_plaintext", LegacyPlaintext.class);
            if (!encrypt) {
                throw yaml.error(legacyNode, "'legacy_plaintext' applies only to an encryption zone: add 'encrypt: true' to the rule");
            }
        }
        return new FileRule(id, rule.line(), path, allow, encrypt, legacy);
    }
}
