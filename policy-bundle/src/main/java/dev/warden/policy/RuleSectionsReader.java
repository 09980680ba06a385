package dev.warden.policy;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the rule sections that both the top level and a segment may hold: {@code egress},
 * {@code files}, {@code databases} and {@code processes}. A section is empty when absent from the
 * mapping, so callers can tell "not given" from "given as []".
 */
final class RuleSectionsReader {

    private static final List<String> FILE_KEYS = List.of("path", "allow", "encrypt");
    private static final List<String> DATABASE_KEYS = List.of("url", "allow", "tables");
    private static final List<String> PROCESS_KEYS = List.of("command");
    private static final List<String> PATH_VARIABLES = List.of("java.io.tmpdir", "user.home", "user.dir");
    private static final Pattern PATH_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");
    private static final Pattern ABSOLUTE_PATH = Pattern.compile("(/|\\$\\{|[A-Za-z]:/).*");

    private final YamlReader yaml;
    private final EgressRuleReader egressRules;

    RuleSectionsReader(YamlReader yaml, EgressRuleReader egressRules) {
        this.yaml = yaml;
        this.egressRules = egressRules;
    }

    /** Reads one list entry into a rule with the given id. */
    @FunctionalInterface
    private interface EntryReader<R> {
        R read(Node node, String id) throws PolicyException;
    }

    /** @param idPrefix prepended to rule ids: "" at the top level, "segments[N]." in a segment */
    Optional<List<EgressRule>> egress(YamlMapping parent, String idPrefix) throws PolicyException {
        return section(parent, "egress", idPrefix, egressRules::read);
    }

    Optional<List<FileRule>> files(YamlMapping parent, String idPrefix) throws PolicyException {
        return section(parent, "files", idPrefix, this::fileRule);
    }

    Optional<List<DatabaseRule>> databases(YamlMapping parent, String idPrefix) throws PolicyException {
        return section(parent, "databases", idPrefix, this::databaseRule);
    }

    Optional<List<ProcessRule>> processes(YamlMapping parent, String idPrefix) throws PolicyException {
        return section(parent, "processes", idPrefix, this::processRule);
    }

    private <R> Optional<List<R>> section(YamlMapping parent, String key, String idPrefix, EntryReader<R> reader)
            throws PolicyException {
        Node node = parent.value(key);
        if (node == null) {
            return Optional.empty();
        }
        List<R> rules = new ArrayList<>();
        for (Node entry : yaml.sequence(node, "'" + key + "'")) {
            rules.add(reader.read(entry, idPrefix + key + "[" + rules.size() + "]"));
        }
        return Optional.of(rules);
    }

    private FileRule fileRule(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "file rule", FILE_KEYS);
        Node pathNode = rule.required("path");
        String path = yaml.string(pathNode, "'path'");
        if (!ABSOLUTE_PATH.matcher(path).matches()) {
            throw yaml.error(pathNode, "path '" + path + "' must be absolute (start with '/' or a ${...} variable)");
        }
        Matcher variable = PATH_VARIABLE.matcher(path);
        while (variable.find()) {
            if (!PATH_VARIABLES.contains(variable.group(1))) {
                throw yaml.error(pathNode, "unknown variable '" + variable.group() + "' in path (allowed: ${"
                        + String.join("}, ${", PATH_VARIABLES) + "})");
            }
        }
        if (variable.replaceAll("").contains("${")) {
            throw yaml.error(pathNode, "unclosed '${' in path '" + path + "'");
        }
        glob(pathNode, path, '/', "path");
        Set<FileAccess> allow = choices(rule.required("allow"), "file access", FileAccess.class);
        return new FileRule(id, rule.line(), path, allow, rule.bool("encrypt", false));
    }

    private DatabaseRule databaseRule(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "database rule", DATABASE_KEYS);
        Node urlNode = rule.required("url");
        String url = yaml.string(urlNode, "'url'");
        if (!url.startsWith("jdbc:")) {
            throw yaml.error(urlNode, "url '" + url + "' must start with 'jdbc:'");
        }
        glob(urlNode, url, '/', "url");
        Set<DatabaseOperation> allow = choices(rule.required("allow"), "database operation", DatabaseOperation.class);
        List<String> tables = List.of();
        Node tablesNode = rule.value("tables");
        if (tablesNode != null) {
            tables = yaml.strings(tablesNode, "'tables'");
            if (tables.isEmpty()) {
                throw yaml.error(tablesNode, "'tables' must not be empty; leave it out to allow any table");
            }
        }
        return new DatabaseRule(id, rule.line(), url, allow, tables);
    }

    private ProcessRule processRule(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "process rule", PROCESS_KEYS);
        Node commandNode = rule.required("command");
        List<String> command = yaml.strings(commandNode, "'command'");
        if (command.isEmpty()) {
            throw yaml.error(commandNode, "'command' must not be empty: list the program and its arguments");
        }
        return new ProcessRule(id, rule.line(), command);
    }

    private void glob(Node node, String pattern, char separator, String what) throws PolicyException {
        try {
            Glob.compile(pattern, separator);
        } catch (IllegalArgumentException e) {
            throw yaml.error(node, "invalid " + what + " '" + pattern + "': " + e.getMessage());
        }
    }

    /** A non-empty list of enum labels. */
    private <E extends Enum<E>> Set<E> choices(Node node, String what, Class<E> type) throws PolicyException {
        List<Node> items = yaml.sequence(node, "'allow'");
        if (items.isEmpty()) {
            throw yaml.error(node, "'allow' must list at least one " + what);
        }
        Set<E> values = EnumSet.noneOf(type);
        for (Node item : items) {
            values.add(yaml.choice(item, what, type));
        }
        return values;
    }
}
