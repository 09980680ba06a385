package dev.warden.policy;

import java.util.List;
import java.util.Set;

/**
 * A parsed and validated policy (format 1). Every rule keeps the line it was written on.
 *
 * @param name the {@code policy:} name
 * @param mode enforce, audit or learn
 * @param rules the declared sections' rules ({@link PolicySections}): {@code rules.get(PolicySections.EGRESS)}
 * @param segments narrower rules for AI tools or code origins
 * @param source the file or name the policy was read from
 * @param detectors custom data detectors defined under {@code detectors:}
 * @param modeOverrides the weaker modes {@code mode_override} lets one host switch to
 * @param tlsMinVersion {@code tls_min_version}: the oldest TLS version the app's TLS connections may negotiate,
 *     or null for the JDK's own settings
 * @param recordsGenAiContent {@code telemetry: { genai_content: true }}: LLM call spans carry the prompt and
 *     completion texts (as sent, after data protection); off by default
 * @param credentials {@code credentials:}: the secrets Warden writes into requests in place of their placeholders
 */
public record Policy(String name, Mode mode, RuleSections rules, List<Segment> segments, String source,
        List<Detector> detectors, Set<Mode> modeOverrides, TlsVersion tlsMinVersion, boolean recordsGenAiContent,
        List<Credential> credentials) {

    public Policy {
        modeOverrides = Set.copyOf(modeOverrides);
        segments = List.copyOf(segments);
        detectors = List.copyOf(detectors);
        credentials = List.copyOf(credentials);
    }

    /** Whether some {@code files} rule is an encryption zone (which needs data keys). */
    public boolean hasEncryptionZones() {
        for (FileRule rule : rules.get(PolicySections.FILES)) {
            if (rule.encrypt()) {
                return true;
            }
        }
        return false;
    }
}
