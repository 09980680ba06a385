package dev.warden.agent.cli;

import dev.warden.policy.decide.DatabaseGrant;
import dev.warden.policy.decide.DatabaseRules;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.SqlAnalysis;
import dev.warden.policy.decide.SqlAnalyzer;
import dev.warden.policy.decide.SqlStatement;
import dev.warden.policy.decide.TableAccess;
import dev.warden.policy.decide.Verdict;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Parameters;

/** {@code check jdbc URL "SQL"}: would this SQL be allowed on a connection to URL, and by which rule? */
@Command(name = "jdbc", mixinStandardHelpOptions = true,
        description = "Would SQL (every statement of it) be allowed on a connection to the JDBC URL?")
final class CheckJdbc implements Callable<Integer> {

    @ParentCommand
    CheckCommand check;

    @Parameters(index = "0", paramLabel = "URL", description = "e.g. jdbc:postgresql://127.0.0.1:5432/crm")
    String url;

    @Parameters(index = "1", paramLabel = "SQL", description = "one or more statements, e.g. \"select * from customers\"")
    String sql;

    @Override
    public Integer call() {
        PolicyEngine engine = check.compiled();
        if (engine == null) {
            return WardenCli.BAD_INPUT;
        }
        DatabaseRules rules = engine.databases();
        DatabaseGrant grant;
        try {
            grant = rules.grant(url, Map.of());
        } catch (IllegalArgumentException notJdbc) {
            System.err.println("warden: " + notJdbc.getMessage());
            return WardenCli.BAD_INPUT;
        }
        SqlAnalysis analysis = SqlAnalyzer.analyze(sql);
        Verdict verdict = grant.connectVerdict().allowed() ? rules.decide(grant, analysis) : grant.connectVerdict();
        System.out.println((verdict.allowed() ? "allowed: " : "denied: ") + sql);
        System.out.println("  database:   " + String.join(", ", grant.target().urls()));
        if (analysis.readable()) {
            for (SqlStatement statement : analysis.statements()) {
                System.out.println("  statement:  " + statement.operationName() + describe(statement));
            }
        }
        if (!analysis.effects(grant.target().system()).isEmpty()) {
            // what the statement makes the server do beyond its tables: each needs a rule's functions:
            System.out.println("  effects:    " + String.join(", ", analysis.effects(grant.target().system())));
        }
        System.out.println("  rule:       " + (verdict.rule() == null ? "default-deny" : verdict.rule()
                + (verdict.ruleTarget() == null ? "" : " (" + verdict.ruleTarget() + ")")));
        System.out.println("  reason:     " + verdict.reason());
        return verdict.allowed() ? WardenCli.OK : WardenCli.DENIED;
    }

    private static String describe(SqlStatement statement) {
        StringBuilder text = new StringBuilder();
        for (TableAccess access : statement.accesses()) {
            text.append(text.length() == 0 ? ": " : ", ")
                    .append(access.operation().name().toLowerCase(Locale.ROOT)).append(' ').append(access.table());
        }
        return text.toString();
    }
}
