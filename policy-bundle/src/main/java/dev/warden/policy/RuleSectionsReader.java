package dev.warden.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Reads the declared sections that both the top level and a segment may hold, in their declared
 * order, each by its own {@link PolicySection}.
 */
final class RuleSectionsReader {

    private final PolicySections declared;
    private final SectionInput input;

    RuleSectionsReader(PolicySections declared, SectionInput input) {
        this.declared = declared;
        this.input = input;
    }

    /** @param idPrefix prepended to rule ids: "" at the top level, "segments[N]." in a segment */
    RuleSections read(YamlMapping parent, String idPrefix) throws PolicyException {
        Map<PolicySection<?, ?>, Object> given = new HashMap<>();
        for (PolicySection<?, ?> section : declared.all()) {
            Node node = parent.value(section.key());
            if (node != null) {
                given.put(section, section.read(input, node, idPrefix));
            }
        }
        return new RuleSections(declared, given);
    }

    /** The keys a mapping holding these sections may have: {@code before}, the sections', then {@code after}. */
    static List<String> keys(List<String> before, PolicySections declared, List<String> after) {
        List<String> keys = new ArrayList<>(before);
        keys.addAll(declared.keys());
        keys.addAll(after);
        return List.copyOf(keys);
    }
}
