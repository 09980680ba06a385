package dev.warden.agent.cli;

import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code policy lint FILE}. */
@Command(name = "policy", mixinStandardHelpOptions = true, description = "Work with policy files.",
        subcommands = {PolicyCommand.Lint.class})
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
                        + ", " + policy.egress().size() + " egress rule(s))");
                return WardenCli.OK;
            } catch (PolicyException e) {
                System.err.println("warden: " + e.getMessage());
                return WardenCli.BAD_INPUT;
            }
        }
    }
}
