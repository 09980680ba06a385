package dev.warden.policy.decide;

import dev.warden.policy.Glob;
import dev.warden.policy.ProcessRule;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Decides process starts: a process may start only when its argv equals, element by element, the
 * {@code command} of a {@code processes} rule whose {@code dir:} takes the directory it starts in
 * and whose {@code env:} (or, without one, the list of {@link InjectingVariables}) takes every
 * variable the app set or changed for it. No rule at all means no process may start. One hash
 * lookup per decision, however many rules there are.
 */
public final class ProcessDecider {

    /**
     * One rule for an argv, compiled: its directory glob (null: the JVM's own, unless the rule's
     * {@code dir:} uses a variable without a value here: then no directory) and env globs (null: not given).
     */
    private record Grant(ProcessRule rule, Glob dir, List<Glob> env, Verdict allowed) {
    }

    private final Map<List<String>, List<Grant>> byCommand;

    private ProcessDecider(Map<List<String>, List<Grant>> byCommand) {
        this.byCommand = byCommand;
    }

    public static ProcessDecider compile(List<ProcessRule> rules, PathVariables variables) {
        Map<List<String>, List<Grant>> byCommand = new HashMap<>();
        for (ProcessRule rule : rules) {
            String dir = rule.dir() == null ? null : variables.expand(rule.dir());
            Glob dirGlob = dir == null ? null : Glob.compile(dir, '/');
            List<Glob> env = null;
            if (rule.env() != null) {
                env = new ArrayList<>();
                for (String name : rule.env()) {
                    env.add(Glob.compile(name, '\u0000'));
                }
            }
            byCommand.computeIfAbsent(rule.command(), command -> new ArrayList<>())
                    .add(new Grant(rule, dirGlob, env, Verdict.allowedBy(rule.id(), String.join(" ", rule.command()))));
        }
        Map<List<String>, List<Grant>> frozen = new HashMap<>();
        byCommand.forEach((command, grants) -> frozen.put(command, List.copyOf(grants)));
        return new ProcessDecider(Map.copyOf(frozen));
    }

    public Verdict decide(ProcessLaunch launch) {
        List<Grant> grants = byCommand.get(Arrays.asList(launch.argv()));
        if (grants == null) {
            return Verdict.denied(null, null, byCommand.isEmpty()
                    ? "the policy allows no process to start"
                    : "no processes rule allows this exact command");
        }
        String refusal = null;
        Grant refusing = null;
        for (Grant grant : grants) {
            String why = refusal(grant, launch);
            if (why == null) {
                return grant.allowed();
            }
            if (refusal == null) {
                refusal = why;
                refusing = grant;
            }
        }
        return Verdict.denied(refusing.rule().id(), String.join(" ", refusing.rule().command()),
                refusing.rule().id() + " allows this command, but " + refusal);
    }

    /** Why the grant does not take this launch, or null when it does. */
    private static String refusal(Grant grant, ProcessLaunch launch) {
        if (grant.rule().dir() == null) {
            if (launch.directory() != null) {
                return "only in the JVM's working directory, not in " + launch.directory();
            }
        } else if (grant.dir() == null) {
            return "its dir: " + grant.rule().dir() + " uses a variable that has no value here";
        } else if (launch.directory() == null || !grant.dir().matches(launch.directory())) {
            return "only in " + grant.rule().dir() + ", not in "
                    + (launch.directory() == null ? "the JVM's working directory" : launch.directory());
        }
        TreeSet<String> refused = new TreeSet<>();
        for (String name : launch.environmentSet()) {
            if (grant.env() == null ? InjectingVariables.isInjecting(name) : !matchesAny(grant.env(), name)) {
                refused.add(name);
            }
        }
        if (refused.isEmpty()) {
            return null;
        }
        return grant.env() == null
                ? "the app sets " + String.join(", ", refused) + " for it, which can make the child run other code"
                        + " (list it in the rule's env: to allow it)"
                : "the app sets " + String.join(", ", refused) + " for it, which the rule's env: does not list";
    }

    private static boolean matchesAny(List<Glob> globs, String name) {
        for (Glob glob : globs) {
            if (glob.matches(name)) {
                return true;
            }
        }
        return false;
    }
}
