package dev.warden.agent.cli;

import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.ToolUse;
import dev.warden.policy.decide.Verdict;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code check tool NAME [--arguments JSON] [--mcp-server S --mcp-tool T]}: would the policy's {@code tools:} section let it run? */
@Command(name = "tool", mixinStandardHelpOptions = true,
        description = {"Would an AI tool call of NAME (the tool's name as the app's AI service sees it) be allowed to run?",
            "Without a tools: section any tool may run; segments do not narrow it."})
final class CheckTool implements Callable<Integer> {

    static final class Mcp {
        @Option(names = "--mcp-server", paramLabel = "SERVER", required = true, description = "the MCP server that runs the tool")
        String server;

        @Option(names = "--mcp-tool", paramLabel = "TOOL", required = true, description = "the tool's name on that server")
        String tool;
    }

    @ParentCommand
    CheckCommand check;

    @Parameters(index = "0", paramLabel = "NAME", description = "the tool's name, e.g. read_file")
    String name;

    @Option(names = "--arguments", paramLabel = "JSON", description = "the call's arguments, a JSON object, e.g. '{\"path\":\"data/a.csv\"}'")
    String arguments;

    @ArgGroup(exclusive = false)
    Mcp mcp;

    @Override
    public Integer call() throws Exception {
        PolicyEngine engine = check.compiled();
        if (engine == null) {
            return WardenCli.BAD_INPUT;
        }
        ToolUse tool = mcp == null ? ToolUse.local(name, arguments) : ToolUse.mcp(name, mcp.server, mcp.tool, arguments);
        Verdict verdict = engine.decideTool(tool);
        System.out.println((verdict.allowed() ? "allowed" : "denied") + ": tool call " + name
                + (mcp == null ? "" : " (MCP tool " + tool.mcpName() + ")"));
        String rule = verdict.rule() != null ? verdict.rule() + " (" + verdict.ruleTarget() + ")"
                : verdict.allowed() ? "none (the policy has no tools: section)" : "default-deny";
        System.out.println("  rule:   " + rule);
        System.out.println("  reason: " + verdict.reason());
        return verdict.allowed() ? WardenCli.OK : WardenCli.DENIED;
    }
}
