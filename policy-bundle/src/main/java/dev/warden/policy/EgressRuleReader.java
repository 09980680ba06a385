package dev.warden.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads and validates one {@code egress:} entry. */
final class EgressRuleReader {

    private static final List<String> KEYS = List.of("to", "tls", "http", "proxy", "protect", "restore", "limits");
    private static final List<String> HTTP_KEYS = List.of("methods", "paths");
    private static final List<String> LIMIT_KEYS = List.of("requests_per_minute", "bytes_out_per_minute");

    private final YamlReader yaml;
    private final List<String> detectorNames;

    /** @param detectorNames the detectors {@code protect:} may name: built-in and custom */
    EgressRuleReader(YamlReader yaml, List<String> detectorNames) {
        this.yaml = yaml;
        this.detectorNames = detectorNames;
    }

    EgressRule read(Node node, String id) throws PolicyException {
        YamlMapping rule = yaml.mapping(node, "egress rule", KEYS);
        Node toNode = rule.required("to");
        String to = yaml.string(toNode, "'to'");
        EgressTarget target;
        try {
            target = EgressTargetParser.parse(to);
        } catch (IllegalArgumentException e) {
            throw yaml.error(toNode, "invalid egress target '" + to + "': " + e.getMessage());
        }
        Node tlsNode = rule.value("tls");
        TlsMode tls = tlsNode == null ? TlsMode.REQUIRED_UNLESS_LOOPBACK : tlsMode(tlsNode);
        Node httpNode = rule.value("http");
        HttpRules http = httpNode == null ? HttpRules.ANY : http(httpNode);
        boolean proxy = rule.bool("proxy", false);
        Node protectNode = rule.value("protect");
        Map<String, ProtectAction> protect = protectNode == null ? Map.of() : protect(protectNode);
        boolean restore = rule.bool("restore", false);
        if (restore && !protect.containsValue(ProtectAction.TOKENIZE)) {
            throw yaml.error(rule.value("restore"), "'restore: true' needs a detector set to tokenize in 'protect'");
        }
        Node limitsNode = rule.value("limits");
        Limits limits = limitsNode == null ? Limits.NONE : limits(limitsNode);
        return new EgressRule(id, rule.line(), to, target, tls, http, proxy, protect, restore, limits);
    }

    private TlsMode tlsMode(Node node) throws PolicyException {
        String text = yaml.string(node, "'tls'");
        return switch (text) {
            case "required" -> TlsMode.REQUIRED;
            case "optional" -> TlsMode.OPTIONAL;
            default -> throw yaml.error(node, "unknown tls '" + text + "' (allowed: required, optional)");
        };
    }

    private HttpRules http(Node node) throws PolicyException {
        YamlMapping http = yaml.mapping(node, "'http'", HTTP_KEYS);
        List<String> methods = new ArrayList<>();
        Node methodsNode = http.value("methods");
        if (methodsNode != null) {
            for (Node item : nonEmptySequence(methodsNode, "'methods'", "any method")) {
                String method = yaml.string(item, "each method");
                if (!method.matches("[A-Za-z][A-Za-z0-9_-]*")) {
                    throw yaml.error(item, "invalid HTTP method '" + method + "'");
                }
                methods.add(method.toUpperCase(Locale.ROOT));
            }
        }
        List<Glob> paths = new ArrayList<>();
        Node pathsNode = http.value("paths");
        if (pathsNode != null) {
            for (Node item : nonEmptySequence(pathsNode, "'paths'", "any path")) {
                paths.add(pathGlob(item));
            }
        }
        return new HttpRules(methods, paths);
    }

    private Glob pathGlob(Node node) throws PolicyException {
        String path = yaml.string(node, "each path");
        if (!path.startsWith("/")) {
            throw yaml.error(node, "path '" + path + "' must start with '/'");
        }
        if (path.indexOf('?') >= 0 || path.indexOf('#') >= 0) {
            throw yaml.error(node, "path '" + path + "' must not contain a query or fragment");
        }
        try {
            return Glob.compile(path, '/');
        } catch (IllegalArgumentException e) {
            throw yaml.error(node, "invalid path '" + path + "': " + e.getMessage());
        }
    }

    private List<Node> nonEmptySequence(Node node, String what, String omittedMeans) throws PolicyException {
        List<Node> items = yaml.sequence(node, what);
        if (items.isEmpty()) {
            throw yaml.error(node, what + " must not be empty; leave it out to allow " + omittedMeans);
        }
        return items;
    }

    private Map<String, ProtectAction> protect(Node node) throws PolicyException {
        YamlMapping protect = yaml.mapping(node, "'protect'", detectorNames);
        Map<String, ProtectAction> actions = new LinkedHashMap<>();
        for (String detector : protect.keyNodes().keySet()) {
            actions.put(detector, yaml.choice(protect.value(detector), "protect action", ProtectAction.class));
        }
        return actions;
    }

    private Limits limits(Node node) throws PolicyException {
        YamlMapping limits = yaml.mapping(node, "'limits'", LIMIT_KEYS);
        return new Limits(limits.positiveLong("requests_per_minute", 0), limits.positiveLong("bytes_out_per_minute", 0));
    }
}
