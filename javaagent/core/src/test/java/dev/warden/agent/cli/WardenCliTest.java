package dev.warden.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WardenCliTest extends ConsoleCapture {

    @TempDir
    Path directory;

    private Path policy(String yaml) throws Exception {
        return Files.writeString(directory.resolve("policy.yaml"), yaml);
    }

    @Test
    void anAllowedRequestExitsZeroAndNamesTheRule() throws Exception {
        Path policy = policy("policy: cli\negress:\n  - to: \"api.openai.com:443\"\n    http: { methods: [POST] }\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.openai.com/v1/chat/completions", "post");

        assertThat(exit).isZero();
        assertThat(out())
                .contains("allowed: POST https://api.openai.com/v1/chat/completions")
                .contains("rule:   egress[0] (api.openai.com:443)")
                .contains("raw sockets there: refused (the rule has http: constraints");
    }

    @Test
    void aProcessIsCheckedWithTheDirectoryAndTheVariablesTheAppWouldSet() throws Exception {
        Path policy = policy("policy: cli\nprocesses:\n  - command: [\"/usr/bin/git\", \"status\"]\n");

        int injected = WardenCli.run("check", "--policy", policy.toString(), "process", "--env", "LD_PRELOAD", "/usr/bin/git", "status");

        assertThat(injected).isEqualTo(WardenCli.DENIED);
        assertThat(out()).contains("denied: start of process [/usr/bin/git, status]")
                .contains("the app sets LD_PRELOAD for it, which can make the child run other code");
        clearOutput();
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "process", "--dir", "/tmp", "/usr/bin/git", "status"))
                .isEqualTo(WardenCli.DENIED);
        assertThat(out()).contains("only in the JVM's working directory, not in /tmp");
    }

    @Test
    void aToolCallIsCheckedByNameArgumentsAndItsMcpServer() throws Exception {
        Path policy = policy("policy: cli\ntools:\n  - name: read_file\n    arguments: { path: \"data/**\" }\n"
                + "  - name: \"crm.*\"\n");

        assertThat(WardenCli.run("check", "--policy", policy.toString(), "tool", "read_file", "--arguments",
                "{\"path\": \"data/a.csv\"}")).isZero();
        assertThat(out()).contains("allowed: tool call read_file").contains("rule:   tools[0] (read_file)");
        clearOutput();
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "tool", "read_file", "--arguments",
                "{\"path\": \"/etc/passwd\"}")).isEqualTo(WardenCli.DENIED);
        assertThat(out()).contains("denied: tool call read_file").contains("rule:   tools[0] (read_file)")
                .contains("reason: tools[0] (read_file) allows this tool, but argument 'path' does not match data/**");
        clearOutput();
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "tool", "crm_lookup", "--mcp-server", "crm",
                "--mcp-tool", "lookup")).isZero();
        assertThat(out()).contains("allowed: tool call crm_lookup (MCP tool crm.lookup)").contains("rule:   tools[1] (crm.*)");
        clearOutput();
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "tool", "delete_all")).isEqualTo(WardenCli.DENIED);
        assertThat(out()).contains("rule:   default-deny").contains("reason: no tools rule allows this tool");
        clearOutput();
        assertThat(WardenCli.run("check", "--policy", policy("policy: cli\n").toString(), "tool", "delete_all")).isZero();
        assertThat(out()).contains("rule:   none (the policy has no tools: section)");
    }

    @Test
    void aHostHeaderIsDecidedAsTheAuthorityTheRequestNames() throws Exception {
        Path policy = policy("policy: cli\negress:\n  - to: \"10.0.0.5:8443\"\n  - to: \"docs.internal:8443\"\n");

        int other = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://10.0.0.5:8443/x", "--host-header",
                "admin.internal");
        String refused = out();
        clearOutput();
        int allowed = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://10.0.0.5:8443/x", "--host-header",
                "docs.internal:8443");

        assertThat(other).isEqualTo(WardenCli.DENIED);
        assertThat(refused).contains("denied: GET https://10.0.0.5:8443/x (Host: admin.internal)")
                .contains("reason: its Host header names admin.internal: no egress rule allows admin.internal:443");
        assertThat(allowed).isZero();
        assertThat(out()).contains("allowed: GET https://10.0.0.5:8443/x (Host: docs.internal:8443)")
                .contains("raw sockets there: allowed by host and port");
    }

    @Test
    void aRequestThroughAProxyIsDecidedByItsUrlAndItsConnectionByTheProxysRule() throws Exception {
        Path policy = policy("policy: cli\negress:\n  - to: \"api.openai.com:443\"\n  - to: \"proxy.internal:3128\"\n    proxy: true\n");

        int allowed = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.openai.com/v1/models",
                "--proxy", "proxy.internal:3128");
        String allowedOut = out();
        clearOutput();
        int elsewhere = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://evil.example/x",
                "--proxy", "proxy.internal:3128");
        String elsewhereOut = out();
        clearOutput();
        int otherProxy = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.openai.com/v1/models",
                "--proxy", "10.9.9.9:1080");
        String otherProxyOut = out();
        clearOutput();
        int bad = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.openai.com/", "--proxy", "proxy.internal");

        assertThat(allowed).isZero();
        assertThat(allowedOut).contains("allowed: GET https://api.openai.com/v1/models through proxy proxy.internal:3128")
                .contains("rule:   egress[0] (api.openai.com:443)")
                .contains("proxy:  allowed by egress[1] (proxy: true: only Warden-mediated clients, each real destination decided)");
        assertThat(elsewhere).isEqualTo(WardenCli.DENIED);
        assertThat(elsewhereOut).contains("denied: GET https://evil.example/x through proxy proxy.internal:3128")
                .contains("reason: no egress rule allows evil.example:443");
        assertThat(otherProxy).isEqualTo(WardenCli.DENIED);
        assertThat(otherProxyOut).contains("denied: GET https://api.openai.com/v1/models through proxy 10.9.9.9:1080")
                .contains("proxy:  denied: no egress rule allows 10.9.9.9:1080");
        assertThat(bad).isEqualTo(WardenCli.BAD_INPUT);
        assertThat(err()).contains("warden: --proxy takes HOST:PORT, not proxy.internal");
    }

    @Test
    void jdbcSqlIsDecidedStatementByStatementWithTheRuleNamed() throws Exception {
        Path policy = policy("policy: cli\ndatabases:\n  - url: \"jdbc:postgresql://127.0.0.1:5432/crm\"\n"
                + "    allow: [select]\n    tables: [customers]\n");

        int allowed = WardenCli.run("check", "--policy", policy.toString(), "jdbc", "jdbc:postgresql://127.0.0.1/crm",
                "select * from customers");
        assertThat(allowed).isZero();
        assertThat(out()).contains("allowed: select * from customers")
                .contains("database:   jdbc:postgresql://127.0.0.1:5432/crm")
                .contains("statement:  SELECT: select customers")
                .contains("rule:       databases[0] (jdbc:postgresql://127.0.0.1:5432/crm)");

        int denied = WardenCli.run("check", "--policy", policy.toString(), "jdbc", "jdbc:postgresql://127.0.0.1/crm",
                "select 1; drop table customers");
        assertThat(denied).isEqualTo(1);
        assertThat(out()).contains("statement:  DROP: ddl customers").contains("no databases rule allows ddl on customers");

        assertThat(WardenCli.run("check", "--policy", policy.toString(), "jdbc", "jdbc:h2:mem:x", "select 1")).isEqualTo(1);
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "jdbc", "postgres://x", "select 1")).isEqualTo(2);
    }

    @Test
    void jdbcNamesServerEffectsAndTheFunctionsThatAllowThem() throws Exception {
        Path policy = policy("policy: cli\ndatabases:\n  - url: \"jdbc:postgresql://127.0.0.1:5432/crm\"\n"
                + "    allow: [select]\n    tables: [customers]\n    functions: [pg_stat_file]\n");

        int copy = WardenCli.run("check", "--policy", policy.toString(), "jdbc", "jdbc:postgresql://127.0.0.1/crm",
                "copy (select * from customers) to '/tmp/leak'");
        assertThat(copy).isEqualTo(1);
        assertThat(out()).contains("statement:  COPY: select customers").contains("effects:    copy_file")
                .contains("no databases rule allows function copy_file");

        int listed = WardenCli.run("check", "--policy", policy.toString(), "jdbc", "jdbc:postgresql://127.0.0.1/crm",
                "select lower(name), pg_stat_file('base') from customers");
        assertThat(listed).isZero();
        assertThat(out()).contains("effects:    pg_stat_file");
    }

    @Test
    void aRequestIsDecidedInsideAToolWhenOneIsNamed() throws Exception {
        Path policy = policy("policy: cli\negress:\n  - to: \"*.example.com:443\"\nsegments:\n  - tool: fetch_url\n"
                + "    egress: [ { to: \"docs.example.com:443\" } ]\n");

        assertThat(WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.example.com/")).isZero();
        int inTool = WardenCli.run("check", "--policy", policy.toString(), "--tool", "fetch_url", "egress",
                "https://api.example.com/");

        assertThat(inTool).isEqualTo(1);
        assertThat(out()).contains("denied: GET https://api.example.com/").contains("scope:  tool fetch_url")
                .contains("rule:   segments[0].egress default-deny");
        assertThat(WardenCli.run("check", "--policy", policy.toString(), "--tool", "fetch_url", "egress",
                "https://docs.example.com/")).isZero();
    }

    @Test
    void aDeniedRequestExitsOne() throws Exception {
        Path policy = policy("policy: cli\negress:\n  - to: \"api.openai.com:443\"\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://evil.example.com/");

        assertThat(exit).isEqualTo(1);
        assertThat(out()).contains("denied: GET https://evil.example.com/").contains("default-deny");
    }

    @Test
    void anInvalidPolicyExitsTwoWithTheLineNumberedReason() throws Exception {
        Path policy = policy("policy: cli\negres: []\n");

        int exit = WardenCli.run("check", "--policy", policy.toString(), "egress", "https://api.openai.com/");

        assertThat(exit).isEqualTo(2);
        assertThat(err()).startsWith("warden: " + policy + ":2:");
    }

    @Test
    void aMissingArgumentExitsTwo() {
        assertThat(WardenCli.run("check", "egress")).isEqualTo(2);
        assertThat(WardenCli.run("check", "--policy", "p.yaml", "egress", "not a url")).isEqualTo(2);
    }
}
