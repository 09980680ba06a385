package dev.warden.agent.learn;

import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySection;
import dev.warden.policy.PolicySections;
import dev.warden.policy.decide.PathVariables;
import dev.warden.policy.learn.RuleLearner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives a least-privilege policy (format 1) from audit records: each declared section's learner
 * ({@code dev.warden.policy.learn}) writes the rules of what it saw, for the whole app and in a
 * segment per tool with what that tool did. The result is parsed before it is returned.
 */
public final class PolicySuggester {

    private final PolicySections sections = PolicySections.FORMAT_1;
    private final Observed everything = new Observed(sections, false);
    private final Map<String, Observed> tools = new TreeMap<>();
    private final Map<String, String> variables = new LinkedHashMap<>();
    private String ownProcDirectory;
    private long decisions;

    /** Takes one record as {@code AuditReader} gives it. */
    public void accept(Map<String, Object> record) {
        Object type = record.get("type");
        if ("start".equals(type)) {
            ownProcDirectory = record.get("pid") instanceof String pid ? "/proc/" + pid + "/" : null;
            for (String variable : PathVariables.NAMES) {
                Object value = record.get(variable);
                if (value instanceof String text && text.startsWith("/") && text.length() > 1) {
                    variables.put(variable, text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
                }
            }
        } else if ("decision".equals(type) && !builtIn(String.valueOf(record.get("rule")))) {
            decisions++;
            record = withOwnProcAsSelf(record);
            everything.add(record);
            Object scope = record.get("scope");
            if (scope instanceof String s && s.startsWith("tool:")) {
                tools.computeIfAbsent(s.substring(5), t -> new Observed(sections, true)).add(record);
            }
        }
    }

    /**
     * A file record under the recording process's own {@code /proc/PID/} (logs of agents that wrote the
     * PID) as {@code /proc/self/}, which is how files are decided: the next run has another PID.
     */
    private Map<String, Object> withOwnProcAsSelf(Map<String, Object> record) {
        if (ownProcDirectory != null && "file".equals(record.get("kind")) && record.get("target") instanceof String target
                && target.startsWith(ownProcDirectory)) {
            Map<String, Object> rewritten = new LinkedHashMap<>(record);
            rewritten.put("target", "/proc/self/" + target.substring(ownProcDirectory.length()));
            return rewritten;
        }
        return record;
    }

    /** Allowed whatever the policy says (the JVM's own reads, the machine's own names): no rule needed. */
    private static boolean builtIn(String rule) {
        return rule.startsWith("jvm:") || rule.equals("local-host-name");
    }

    public long decisions() {
        return decisions;
    }

    /** The suggested policy's text, already checked by the policy parser. */
    public String suggest(String name) {
        StringBuilder yaml = new StringBuilder();
        yaml.append("# Suggested by 'warden-agent.jar policy suggest' from ").append(decisions)
                .append(" recorded decisions. Review it: it allows exactly what was seen, no more.\n");
        yaml.append("policy: ").append(RuleLearner.quote(name)).append("\nmode: enforce\n");
        everything.write(yaml, "", variables);
        if (!tools.isEmpty()) {
            yaml.append("segments:\n");
            tools.forEach((tool, seen) -> {
                yaml.append("  - tool: ").append(RuleLearner.quote(tool)).append("      # what this tool did; segments only narrow\n");
                seen.write(yaml, "    ", variables);
            });
        }
        String text = yaml.toString();
        try {
            PolicyParser.parse(text, "suggested policy");
        } catch (PolicyException bug) {
            throw new IllegalStateException("the suggested policy does not parse (a bug in policy suggest): " + bug.getMessage()
                    + "\n" + text, bug);
        }
        return text;
    }

    /**
     * What one scope (the whole app, or one tool) did: a learner per declared section, by access kind;
     * in a segment, only the sections a segment may give (a tool started by a tool is learned at the top level).
     */
    private static final class Observed {
        private final Map<String, RuleLearner> byKind = new LinkedHashMap<>();
        private final Map<String, Long> withoutRule = new TreeMap<>();

        Observed(PolicySections sections, boolean segment) {
            for (PolicySection<?, ?> section : sections.all()) {
                if (!segment || section.inSegments()) {
                    byKind.putIfAbsent(section.accessKind(), section.newLearner());
                }
            }
        }

        /**
         * Records of a kind no section decides (self-protection: another agent's retransformation, reflection into
         * Warden) suggest no rule: they are counted, and written as comments, so nothing seen goes unmentioned.
         */
        void add(Map<String, Object> record) {
            String kind = String.valueOf(record.get("kind"));
            RuleLearner learner = byKind.get(kind);
            if (learner != null) {
                learner.observe(String.valueOf(record.get("action")), String.valueOf(record.get("target")),
                        record.get("detail") instanceof String detail ? detail : null);
            } else {
                withoutRule.merge(kind + " " + record.get("action") + " " + RuleLearner.quote(String.valueOf(record.get("target"))),
                        1L, Long::sum);
            }
        }

        void write(StringBuilder yaml, String indent, Map<String, String> variables) {
            byKind.values().forEach(learner -> learner.write(yaml, indent, variables));
            if (!withoutRule.isEmpty()) {
                yaml.append(indent).append("# seen, and no policy rule can allow it (Warden decides these itself):\n");
                withoutRule.forEach((seen, times) -> yaml.append(indent).append("#   ").append(seen)
                        .append(" (").append(times).append(times == 1 ? " time)\n" : " times)\n"));
            }
        }
    }
}
