package dev.warden.agent.cli;

import dev.warden.agent.learn.PolicySuggester;
import dev.warden.agent.record.audit.AuditReader;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySections;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code policy lint FILE}, {@code policy suggest AUDIT_LOG}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with policy files.",
        subcommands = {PolicyCommand.Lint.class, PolicyCommand.Suggest.class})
final class PolicyCommand implements Runnable {

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    @Command(name = "lint", mixinStandardHelpOptions = true,
            description = {"Check a policy file (format 1): the first error is printed with its line number.",
                "Exit 0 valid, 2 invalid or unreadable."})
    static final class Lint implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "FILE", description = "the policy file (YAML)")
        Path file;

        @Override
        public Integer call() {
            try {
                Policy policy = PolicyParser.parse(file);
                System.out.println("ok: " + file + " (policy \"" + policy.name() + "\", mode " + policy.mode().name().toLowerCase(java.util.Locale.ROOT)
                        + ", " + policy.rules().get(PolicySections.EGRESS).size() + " egress rule(s))");
                return WardenCli.OK;
            } catch (PolicyException e) {
                System.err.println("warden: " + e.getMessage());
                return WardenCli.BAD_INPUT;
            }
        }
    }

    @Command(name = "suggest", mixinStandardHelpOptions = true,
            description = {"Write a least-privilege policy (format 1) from an audit log, typically one recorded in mode learn:",
                "the destinations, paths, tables and commands that were used, with comments saying what each rule came from.",
                "Exit 0 written, 2 unreadable log or no decisions in it."})
    static final class Suggest implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "AUDIT_LOG", description = "the audit log (audit= of the agent)")
        Path log;

        @Option(names = "--name", defaultValue = "suggested", description = "the policy's name (default: ${DEFAULT-VALUE})")
        String name;

        @Option(names = "--out", paramLabel = "FILE", description = "write the policy here instead of standard output")
        Path out;

        @Override
        public Integer call() throws java.io.IOException {
            if (!java.nio.file.Files.exists(log)) {
                System.err.println("warden: no audit log at " + log);
                return WardenCli.BAD_INPUT;
            }
            PolicySuggester suggester = new PolicySuggester();
            AuditReader.forEach(log, suggester::accept);
            if (suggester.decisions() == 0) {
                System.err.println("warden: " + log + " holds no decisions to learn from");
                return WardenCli.BAD_INPUT;
            }
            String policy = suggester.suggest(name);
            if (out == null) {
                System.out.print(policy);
            } else {
                java.nio.file.Files.writeString(out, policy);
                System.out.println("wrote " + out + " from " + suggester.decisions() + " decisions");
            }
            return WardenCli.OK;
        }
    }
}
