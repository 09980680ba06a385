package dev.warden.policy;

import java.util.List;
import java.util.Set;

/**
 * A parsed and validated policy (format 1). Every rule keeps the line it was written on.
 *
 * @param name the {@code policy:} name
 * @param mode enforce, audit or learn
 * @param egress outbound network rules, in file order
 * @param files file access rules
 * @param databases JDBC rules
 * @param processes allowed commands; none = no process may start
 * @param segments narrower rules for AI tools or code origins
 * @param source the file or name the policy was read from
 * @param detectors custom data detectors defined under {@code detectors:}
 * @param modeOverrides the weaker modes {@code mode_override} lets one host switch to
 * @param tlsMinVersion {@code tls_min_version}: the oldest TLS version the app's TLS connections may negotiate,
 *     or null for the JDK's own settings
 * @param recordsGenAiContent {@code telemetry: { genai_content: true }}: LLM call spans carry the prompt and
 *     completion texts (as sent, after data protection); off by default
 */
public record Policy(String name, Mode mode, List<EgressRule> egress, List<FileRule> files,
        List<DatabaseRule> databases, List<ProcessRule> processes, List<Segment> segments, String source,
        List<Detector> detectors, Set<Mode> modeOverrides, TlsVersion tlsMinVersion, boolean recordsGenAiContent) {

    public Policy {
        modeOverrides = Set.copyOf(modeOverrides);
        egress = List.copyOf(egress);
        files = List.copyOf(files);
        databases = List.copyOf(databases);
        processes = List.copyOf(processes);
        segments = List.copyOf(segments);
        detectors = List.copyOf(detectors);
    }

    /** A policy whose LLM call spans leave out prompt and completion texts. */
    public Policy(String name, Mode mode, List<EgressRule> egress, List<FileRule> files,
            List<DatabaseRule> databases, List<ProcessRule> processes, List<Segment> segments, String source,
            List<Detector> detectors, Set<Mode> modeOverrides, TlsVersion tlsMinVersion) {
        this(name, mode, egress, files, databases, processes, segments, source, detectors, modeOverrides, tlsMinVersion, false);
    }

    /** A policy without a minimum TLS version. */
    public Policy(String name, Mode mode, List<EgressRule> egress, List<FileRule> files,
            List<DatabaseRule> databases, List<ProcessRule> processes, List<Segment> segments, String source,
            List<Detector> detectors, Set<Mode> modeOverrides) {
        this(name, mode, egress, files, databases, processes, segments, source, detectors, modeOverrides, null);
    }

    /** Whether some {@code files} rule is an encryption zone (which needs data keys). */
    public boolean hasEncryptionZones() {
        return files.stream().anyMatch(FileRule::encrypt);
    }

    /** A policy without custom detectors. */
    public Policy(String name, Mode mode, List<EgressRule> egress, List<FileRule> files,
            List<DatabaseRule> databases, List<ProcessRule> processes, List<Segment> segments, String source) {
        this(name, mode, egress, files, databases, processes, segments, source, List.of());
    }

    /** A policy that allows no local mode override. */
    public Policy(String name, Mode mode, List<EgressRule> egress, List<FileRule> files,
            List<DatabaseRule> databases, List<ProcessRule> processes, List<Segment> segments, String source,
            List<Detector> detectors) {
        this(name, mode, egress, files, databases, processes, segments, source, detectors, Set.of());
    }
}
