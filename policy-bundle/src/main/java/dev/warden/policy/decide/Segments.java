package dev.warden.policy.decide;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.warden.policy.Glob;
import dev.warden.policy.Policy;
import dev.warden.policy.Segment;

/**
 * The policy's {@code segments}, compiled: a {@link Scope} per tool name (every segment naming that
 * tool), and the code segments with their package globs. Immutable.
 */
final class Segments {

    private record CodeSegment(Glob packages, Scope scope) {
    }

    private final Map<String, Scope> byTool;
    private final CodeSegment[] code;

    private Segments(Map<String, Scope> byTool, CodeSegment[] code) {
        this.byTool = byTool;
        this.code = code;
    }

    static Segments compile(Policy policy, PathVariables pathVariables) {
        Map<String, List<SegmentRules>> tools = new LinkedHashMap<>();
        List<CodeSegment> code = new ArrayList<>();
        for (Segment segment : policy.segments()) {
            SegmentRules rules = SegmentRules.compile(segment, policy, pathVariables);
            if (segment.kind() == Segment.Kind.TOOL) {
                tools.computeIfAbsent(segment.selector(), name -> new ArrayList<>()).add(rules);
            } else {
                code.add(new CodeSegment(Glob.compile(segment.selector(), '.'),
                        new Scope(new SegmentRules[] {rules})));
            }
        }
        Map<String, Scope> byTool = new HashMap<>();
        tools.forEach((tool, rules) -> byTool.put(tool, new Scope(rules.toArray(new SegmentRules[0]))));
        return new Segments(Map.copyOf(byTool), code.toArray(new CodeSegment[0]));
    }

    Scope tool(String name) {
        return name == null ? null : byTool.get(name);
    }

    boolean hasCode() {
        return code.length > 0;
    }

    /**
     * Every code segment whose glob matches {@code className} or its package, combined; null when
     * none does. {@code com.acme.plugins.**} holds every class under that package,
     * {@code com.acme.plugins} the classes of that package only.
     */
    Scope code(String className) {
        int dot = className.lastIndexOf('.');
        String packageName = dot < 0 ? "" : className.substring(0, dot);
        Scope found = null;
        for (CodeSegment segment : code) {
            if (segment.packages().matches(className) || segment.packages().matches(packageName)) {
                found = found == null ? segment.scope() : found.and(segment.scope());
            }
        }
        return found;
    }
}
