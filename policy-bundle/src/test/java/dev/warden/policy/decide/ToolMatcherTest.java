package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyParser;
import org.junit.jupiter.api.Test;

class ToolMatcherTest {

    private static PolicyEngine engine(String yaml) throws Exception {
        return PolicyEngine.compile(PolicyParser.parse(yaml, "test.yaml"));
    }

    private static final String POLICY = """
            policy: p
            tools:
              - name: read_file
                arguments: { path: "data/**", limit: "1*" }
              - name: "crm.*"
              - name: "search_*"
            """;

    @Test
    void withoutTheSectionAnyToolRuns() throws Exception {
        Verdict verdict = engine("policy: p\n").decideTool(ToolUse.local("anything", "{\"a\": [1]}"));

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.rule()).isNull();
        assertThat(verdict.reason()).isEqualTo("the policy has no tools: section, so any tool may run");
    }

    @Test
    void anEmptySectionAllowsNoTool() throws Exception {
        Verdict verdict = engine("policy: p\ntools: []\n").decideTool(ToolUse.local("read_file", "{}"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.rule()).isNull();
        assertThat(verdict.reason()).isEqualTo("the policy's tools: section is empty, so no tool may run");
    }

    @Test
    void aToolNoRuleNamesIsDenied() throws Exception {
        Verdict verdict = engine(POLICY).decideTool(ToolUse.local("delete_everything", "{}"));

        assertThat(verdict.allowed()).isFalse();
        assertThat(verdict.rule()).isNull();
        assertThat(verdict.reason()).isEqualTo("no tools rule allows this tool");
    }

    @Test
    void nameGlobsMatchTheNameAndAnMcpToolsServerDotTool() throws Exception {
        PolicyEngine engine = engine(POLICY);

        Verdict search = engine.decideTool(ToolUse.local("search_orders", null));
        assertThat(search.allowed()).isTrue();
        assertThat(search.rule()).isEqualTo("tools[2]");
        assertThat(search.reason()).isEqualTo("allowed by tools[2] (search_*)");

        Verdict mcp = engine.decideTool(ToolUse.mcp("crm_lookup_customer", "crm", "lookup.customer", "{}"));
        assertThat(mcp.allowed()).isTrue();
        assertThat(mcp.rule()).isEqualTo("tools[1]");

        assertThat(engine.decideTool(ToolUse.mcp("lookup", "billing", "lookup", "{}")).allowed()).isFalse();
        assertThat(engine.decideTool(ToolUse.local("crm.lookup", null)).allowed())
                .as("a local tool whose own name matches is allowed by its name").isTrue();
    }

    @Test
    void listedArgumentsMustMatchTheirGlobsAndOthersAreFree() throws Exception {
        PolicyEngine engine = engine(POLICY);

        Verdict allowed = engine.decideTool(ToolUse.local("read_file",
                "{\"path\": \"data/reports/q1.csv\", \"limit\": 100, \"encoding\": {\"any\": true}}"));
        assertThat(allowed.allowed()).isTrue();
        assertThat(allowed.rule()).isEqualTo("tools[0]");

        Verdict outside = engine.decideTool(ToolUse.local("read_file", "{\"path\": \"/etc/passwd\", \"limit\": 1}"));
        assertThat(outside.allowed()).isFalse();
        assertThat(outside.rule()).isEqualTo("tools[0]");
        assertThat(outside.ruleTarget()).isEqualTo("read_file");
        assertThat(outside.reason()).isEqualTo("tools[0] (read_file) allows this tool, but argument 'path' does not match data/**");

        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": \"data/x\", \"limit\": 2}")).reason())
                .isEqualTo("tools[0] (read_file) allows this tool, but argument 'limit' does not match 1*");
    }

    @Test
    void aListedArgumentThatIsMissingOrNotAScalarDoesNotMatch() throws Exception {
        PolicyEngine engine = engine(POLICY);

        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"limit\": 1}")).reason())
                .endsWith("but argument 'path' is missing");
        assertThat(engine.decideTool(ToolUse.local("read_file", null)).reason())
                .endsWith("but argument 'path' is missing");
        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": [\"data/a\"], \"limit\": 1}")).reason())
                .endsWith("but argument 'path' is not a string, number or boolean");
        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": null, \"limit\": 1}")).reason())
                .endsWith("but argument 'path' is not a string, number or boolean");
    }

    @Test
    void argumentsThatAreNotOneJsonObjectOrRepeatANameAreRefused() throws Exception {
        PolicyEngine engine = engine(POLICY);

        assertThat(engine.decideTool(ToolUse.local("read_file", "[\"data/a\"]")).reason())
                .endsWith("but its arguments cannot be checked: they are not a JSON object");
        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": \"data/a\"")).reason())
                .contains("but its arguments cannot be checked: they are not valid JSON");
        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": \"data/a\", \"limit\": 1} {}")).reason())
                .endsWith("but its arguments cannot be checked: more follows their JSON object");
        assertThat(engine.decideTool(ToolUse.local("read_file",
                "{\"path\": \"data/a\", \"limit\": 1, \"path\": \"/etc/passwd\"}")).reason())
                .contains("but its arguments cannot be checked: they are not valid JSON (Duplicate field 'path')");
    }

    @Test
    void aParentSegmentMatchesOnlyAGlobThatHasOne() throws Exception {
        PolicyEngine engine = engine("""
                policy: p
                tools:
                  - name: read_file
                    arguments: { path: "data/**" }
                  - name: climb
                    arguments: { path: "../**" }
                """);

        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": \"data/../secrets\"}")).reason())
                .isEqualTo("tools[0] (read_file) allows this tool, but argument 'path' does not match data/**");
        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": \"data/..x/y\"}")).allowed()).isTrue();
        assertThat(engine.decideTool(ToolUse.local("climb", "{\"path\": \"../up\"}")).allowed()).isTrue();
    }

    @Test
    void aLaterRuleForTheSameToolCanAllowWhatAnEarlierRefused() throws Exception {
        PolicyEngine engine = engine("""
                policy: p
                tools:
                  - name: read_file
                    arguments: { path: "data/**" }
                  - name: read_file
                    arguments: { path: "docs/*.md" }
                """);

        Verdict second = engine.decideTool(ToolUse.local("read_file", "{\"path\": \"docs/a.md\"}"));
        assertThat(second.allowed()).isTrue();
        assertThat(second.rule()).isEqualTo("tools[1]");
        assertThat(engine.decideTool(ToolUse.local("read_file", "{\"path\": \"src/a.md\"}")).rule())
                .as("the first rule that named the tool is the one a denial names").isEqualTo("tools[0]");
    }
}
