package dev.warden.policy.decide;

import dev.warden.policy.ProcessRule;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides process starts: a process may start only when its argv equals, element by element, the
 * {@code command} of a {@code processes} rule. No rule at all means no process may start. One hash
 * lookup per decision, however many rules there are.
 */
public final class ProcessDecider {

    private final Map<List<String>, Verdict> allowedCommands;

    private ProcessDecider(Map<List<String>, Verdict> allowedCommands) {
        this.allowedCommands = allowedCommands;
    }

    public static ProcessDecider compile(List<ProcessRule> rules) {
        Map<List<String>, Verdict> allowed = new HashMap<>();
        for (ProcessRule rule : rules) {
            // the first rule that lists a command decides it, as written first in the policy
            allowed.putIfAbsent(rule.command(), Verdict.allowedBy(rule.id(), String.join(" ", rule.command())));
        }
        return new ProcessDecider(Map.copyOf(allowed));
    }

    /** @param argv the program and its arguments exactly as the process would receive them */
    public Verdict decide(String[] argv) {
        Verdict allowing = allowedCommands.get(Arrays.asList(argv));
        if (allowing != null) {
            return allowing;
        }
        return Verdict.denied(null, null, allowedCommands.isEmpty()
                ? "the policy allows no process to start"
                : "no processes rule allows this exact command");
    }
}
