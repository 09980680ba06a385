package dev.warden.policy.learn;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * AI tool calls: the tools that ran (targets are tool names as the app's AI service sees them), each
 * allowed by name with any arguments. Arguments are not learned: what one run passed says little about
 * what the next may need; narrowing them is the reviewer's call.
 */
public final class ToolLearner implements RuleLearner {

    private final Set<String> tools = new TreeSet<>();

    @Override
    public void observe(String action, String target, String detail) {
        tools.add(target);
    }

    @Override
    public void write(StringBuilder yaml, String indent, Map<String, String> pathVariables) {
        if (tools.isEmpty()) {
            return;
        }
        yaml.append(indent).append("tools:\n");
        for (String tool : tools) {
            yaml.append(indent).append("  - name: ").append(RuleLearner.quote(tool)).append('\n');
        }
    }
}
