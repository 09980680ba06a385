package dev.warden.policy;

import java.util.List;

import org.snakeyaml.engine.v2.nodes.Node;

/** Reads one {@code segments:} entry: exactly one of {@code tool} or {@code code}, then narrower rule sections. */
final class SegmentReader {

    private final YamlReader yaml;
    private final PolicySections declared;
    private final RuleSectionsReader sections;
    private final List<String> keys;

    SegmentReader(YamlReader yaml, PolicySections declared, RuleSectionsReader sections) {
        this.yaml = yaml;
        this.declared = declared;
        this.sections = sections;
        this.keys = RuleSectionsReader.keys(List.of("tool", "code"), declared, List.of());
    }

    Segment read(Node node, String id) throws PolicyException {
        YamlMapping segment = yaml.mapping(node, "segment", keys);
        for (PolicySection<?, ?> section : declared.all()) {
            if (!section.inSegments() && segment.has(section.key())) {
                throw yaml.error(segment.keyNodes().get(section.key()), "'" + section.key() + "' is a top-level section"
                        + " only: a segment narrows what its tool or code may do, not which " + section.key()
                        + " may run; move it to the top level");
            }
        }
        boolean tool = segment.has("tool");
        boolean code = segment.has("code");
        if (tool && code) {
            throw yaml.error(node, "segment has both 'tool' and 'code'; use exactly one");
        }
        if (!tool && !code) {
            throw yaml.error(node, "segment needs 'tool' (an AI tool name) or 'code' (a package glob)");
        }
        Segment.Kind kind = tool ? Segment.Kind.TOOL : Segment.Kind.CODE;
        String selector = segment.requiredString(kind.label());
        if (kind == Segment.Kind.CODE) {
            checkPackageGlob(segment.value("code"), selector);
        }
        return new Segment(id, segment.line(), kind, selector, sections.read(segment, id + "."));
    }

    private void checkPackageGlob(Node node, String selector) throws PolicyException {
        if (!selector.matches("[\\p{javaJavaIdentifierPart}.*]+")) {
            throw yaml.error(node, "code '" + selector + "' must be a package glob like com.acme.plugins.**");
        }
        try {
            Glob.compile(selector, '.');
        } catch (IllegalArgumentException e) {
            throw yaml.error(node, "invalid code '" + selector + "': " + e.getMessage());
        }
    }
}
