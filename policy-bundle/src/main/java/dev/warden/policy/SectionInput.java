package dev.warden.policy;

import java.util.List;

/** What a section's reader may use besides its own node: the YAML reader and the policy's detector names. */
public final class SectionInput {

    private final YamlReader yaml;
    private final List<String> detectorNames;

    SectionInput(YamlReader yaml, List<String> detectorNames) {
        this.yaml = yaml;
        this.detectorNames = List.copyOf(detectorNames);
    }

    YamlReader yaml() {
        return yaml;
    }

    /** The detectors {@code protect:} may name: built-in and the policy's own. */
    List<String> detectorNames() {
        return detectorNames;
    }
}
