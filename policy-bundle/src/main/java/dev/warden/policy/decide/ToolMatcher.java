package dev.warden.policy.decide;

import dev.warden.policy.Glob;
import dev.warden.policy.ToolRule;
import dev.warden.policy.ToolRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides AI tool calls by the {@code tools:} section. Absent, any tool may run; given, a call may run
 * only when some rule's {@code name} matches the tool's name (or, for an MCP tool, {@code SERVER.TOOL})
 * and each argument the rule lists is present, a string, number or boolean, and matches its glob
 * (arguments the rule does not list are free). The arguments' JSON is read only for a rule that lists
 * arguments. A value with a {@code ..} segment matches only a glob that has one too, so {@code data/**}
 * never takes {@code data/../secrets}.
 */
public final class ToolMatcher {

    private static final Verdict ANY_TOOL = Verdict.allowedWithoutRule("the policy has no tools: section, so any tool may run");
    private static final String PARENT = "..";

    /** One rule, compiled; {@code arguments} in file order, never changed. */
    private record Grant(ToolRule rule, Glob name, Map<String, Glob> arguments, Verdict allowed) {
    }

    private final boolean listed;
    private final Grant[] grants;

    private ToolMatcher(boolean listed, Grant[] grants) {
        this.listed = listed;
        this.grants = grants;
    }

    public static ToolMatcher compile(ToolRules tools) {
        List<ToolRule> rules = tools.rules();
        Grant[] grants = new Grant[rules.size()];
        for (int i = 0; i < grants.length; i++) {
            ToolRule rule = rules.get(i);
            Map<String, Glob> arguments = new LinkedHashMap<>();
            rule.arguments().forEach((name, glob) -> arguments.put(name, Glob.compile(glob, '/')));
            // in file order, so that a denial names the first argument that does not match
            grants[i] = new Grant(rule, Glob.compile(rule.name(), '\u0000'), arguments,
                    Verdict.allowedBy(rule.id(), rule.name()));
        }
        return new ToolMatcher(tools.listed(), grants);
    }

    public Verdict decide(ToolUse tool) {
        if (!listed) {
            return ANY_TOOL;
        }
        String mcpName = tool.mcpName();
        ToolArguments arguments = null;
        Grant refusing = null;
        String refusal = null;
        for (Grant grant : grants) {
            if (!grant.name().matches(tool.name()) && (mcpName == null || !grant.name().matches(mcpName))) {
                continue;
            }
            if (grant.arguments().isEmpty()) {
                return grant.allowed();
            }
            if (arguments == null) {
                arguments = ToolArguments.parse(tool.arguments());
            }
            String why = refusal(grant, arguments);
            if (why == null) {
                return grant.allowed();
            }
            if (refusing == null) {
                refusing = grant;
                refusal = why;
            }
        }
        if (refusing != null) {
            return Verdict.denied(refusing.rule().id(), refusing.rule().name(),
                    refusing.rule().id() + " (" + refusing.rule().name() + ") allows this tool, but " + refusal);
        }
        return Verdict.denied(null, null, grants.length == 0
                ? "the policy's tools: section is empty, so no tool may run"
                : "no tools rule allows this tool");
    }

    /** Why the call's arguments do not satisfy the grant, or null when they do. */
    private static String refusal(Grant grant, ToolArguments arguments) {
        if (arguments.invalid() != null) {
            return "its arguments cannot be checked: " + arguments.invalid();
        }
        for (Map.Entry<String, Glob> argument : grant.arguments().entrySet()) {
            String name = argument.getKey();
            if (!arguments.has(name)) {
                return "argument '" + name + "' is missing";
            }
            String value = arguments.scalar(name);
            if (value == null) {
                return "argument '" + name + "' is not a string, number or boolean";
            }
            Glob glob = argument.getValue();
            if (!glob.matches(value) || hasParentSegment(value) && !hasParentSegment(glob.pattern())) {
                return "argument '" + name + "' does not match " + glob.pattern();
            }
        }
        return null;
    }

    private static boolean hasParentSegment(String text) {
        int start = 0;
        while (true) {
            int end = text.indexOf('/', start);
            String segment = text.substring(start, end < 0 ? text.length() : end);
            if (segment.equals(PARENT)) {
                return true;
            }
            if (end < 0) {
                return false;
            }
            start = end + 1;
        }
    }
}
