package dev.warden.agent.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code java -jar warden-agent.jar ...}: the operator's tool. Exit codes: 0 allowed / success,
 * 1 denied / refused, 2 bad input.
 */
@Command(name = "warden-agent.jar", mixinStandardHelpOptions = true,
        description = "Warden: zero-trust runtime for JVM AI applications.",
        subcommands = {CheckCommand.class, KeygenCommand.class, BundleCommand.class, PolicyCommand.class, AuditCommand.class,
            ZoneCommand.class})
public final class WardenCli implements Runnable {

    public static final int OK = 0;
    public static final int DENIED = 1;
    public static final int BAD_INPUT = 2;

    @Override
    public void run() {
        CommandLine.usage(this, System.out);
    }

    public static int run(String... args) {
        CommandLine commandLine = new CommandLine(new WardenCli());
        // what follows the program is the checked command's own: "process bash -c ..." must not read -c as an option
        commandLine.getSubcommands().get("check").getSubcommands().get("process").setStopAtPositional(true);
        commandLine.setParameterExceptionHandler((error, arguments) -> {
            System.err.println("warden: " + error.getMessage());
            System.err.println("try: java -jar warden-agent.jar " + error.getCommandLine().getCommandName() + " --help");
            return BAD_INPUT;
        });
        commandLine.setExecutionExceptionHandler((error, cmd, parsed) -> {
            System.err.println("warden: " + error.getMessage());
            return BAD_INPUT;
        });
        return commandLine.execute(args);
    }

    /** Called by the launcher's {@code main}. */
    public static void main(String[] args) {
        System.exit(run(args));
    }
}
