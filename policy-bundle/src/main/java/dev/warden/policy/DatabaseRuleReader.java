package dev.warden.policy;

import java.util.List;
import java.util.Set;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates one {@code databases:} entry. */
final class DatabaseRuleReader {

    private static final List<String> KEYS = List.of("url", "allow", "tables", "functions");

    private final YamlReader yaml;

    DatabaseRuleReader(YamlReader yaml) {
        this.yaml = yaml;
    }

    DatabaseRule read(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "database rule", KEYS);
        Node urlNode = rule.required("url");
        String url = yaml.string(urlNode, "'url'");
        if (!url.startsWith("jdbc:")) {
            throw yaml.error(urlNode, "url '" + url + "' must start with 'jdbc:'");
        }
        yaml.glob(urlNode, url, '/', "url");
        Set<DatabaseOperation> allow = yaml.allowed(rule.required("allow"), "database operation", DatabaseOperation.class);
        List<String> tables = List.of();
        Node tablesNode = rule.value("tables");
        if (tablesNode != null) {
            tables = yaml.strings(tablesNode, "'tables'");
            if (tables.isEmpty()) {
                throw yaml.error(tablesNode, "'tables' must not be empty; leave it out to allow any table");
            }
        }
        List<String> functions = List.of();
        Node functionsNode = rule.value("functions");
        if (functionsNode != null) {
            functions = yaml.strings(functionsNode, "'functions'");
            for (String function : functions) {
                if (!function.equals(function.toLowerCase(java.util.Locale.ROOT))) {
                    throw yaml.error(functionsNode, "function '" + function + "' must be written in lower case");
                }
                yaml.glob(functionsNode, function, '.', "functions");
            }
        }
        return new DatabaseRule(id, rule.line(), url, allow, tables, functions);
    }
}
