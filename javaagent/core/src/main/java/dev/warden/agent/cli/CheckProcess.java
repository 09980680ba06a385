package dev.warden.agent.cli;

import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.ProcessLaunch;
import dev.warden.policy.decide.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code check process ARGV...}: would starting this exact command be allowed, and by which rule? */
@Command(name = "process", mixinStandardHelpOptions = true,
        description = {"Would starting the process ARGV (the program as the app names it, then its arguments) be allowed?",
            "Everything after the program is its own argument, options included: process bash -c 'echo hi'."})
final class CheckProcess implements Callable<Integer> {

    @ParentCommand
    CheckCommand check;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "ARGV", description = "e.g. /usr/bin/git status")
    List<String> argv;

    @Option(names = "--dir", paramLabel = "DIR", description = "the canonical directory it starts in (default: the app's own)")
    String dir;

    @Option(names = "--env", paramLabel = "NAME", description = "a variable the app sets or changes for it (repeatable)")
    List<String> env = new ArrayList<>();

    @Override
    public Integer call() {
        PolicyEngine engine = check.compiled();
        if (engine == null) {
            return WardenCli.BAD_INPUT;
        }
        Verdict verdict = engine.decideProcess(new ProcessLaunch(argv.toArray(String[]::new), dir, Set.copyOf(env)));
        System.out.println((verdict.allowed() ? "allowed" : "denied") + ": start of process " + argv);
        System.out.println("  rule:   " + (verdict.rule() == null ? "default-deny" : verdict.rule()
                + (verdict.ruleTarget() == null ? "" : " (" + verdict.ruleTarget() + ")")));
        System.out.println("  reason: " + verdict.reason());
        return verdict.allowed() ? WardenCli.OK : WardenCli.DENIED;
    }
}
