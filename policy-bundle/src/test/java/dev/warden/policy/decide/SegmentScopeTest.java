package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.warden.policy.FileAccess;
import dev.warden.policy.PolicyParser;

class SegmentScopeTest {

    private static final String POLICY = """
            policy: test
            egress:
              - to: "*.wikipedia.org:443"
              - to: "api.example.com:443"
              - to: "10.0.0.0/8:443"
            files:
              - { path: "/srv/data/**", allow: [read, list] }
              - { path: "/srv/notes/**", allow: [read, write, create] }
            databases:
              - { url: "jdbc:h2:mem:crm", allow: [select, insert], tables: [customers, notes] }
            processes:
              - command: ["/usr/bin/git", "status"]
            segments:
              - tool: fetch_url
                egress:
                  - to: "*.wikipedia.org:443"
                  - to: "api.example.com:443"
                    http: { methods: [GET], paths: ["/v1/**"] }
                files: []
              - tool: write_note
                files: [ { path: "/srv/notes/**", allow: [write, create, delete] } ]
                databases: [ { url: "jdbc:h2:mem:crm", allow: [insert], tables: [notes] } ]
                processes: []
              - code: "com.acme.plugins.**"
                files: []
              - code: "com.acme.audited"
                egress: [ { to: "10.0.0.0/8:443" } ]
            """;

    private static PolicyEngine engine() {
        try {
            return PolicyEngine.compile(PolicyParser.parse(POLICY, "test.yaml"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aToolsScopeIsFoundByItsNameOnly() {
        PolicyEngine engine = engine();

        assertThat(engine.toolScope("fetch_url").label()).isEqualTo("tool fetch_url");
        assertThat(engine.toolScope("fetch_url")).isSameAs(engine.toolScope("fetch_url"));
        assertThat(engine.toolScope("other_tool")).isNull();
        assertThat(engine.toolScope(null)).isNull();
    }

    @Test
    void withoutAScopeTheGlobalRulesAloneDecide() {
        PolicyEngine engine = engine();

        assertThat(engine.decideFile("/srv/data/a.txt", FileAccess.READ, null))
                .isSameAs(engine.decideFile("/srv/data/a.txt", FileAccess.READ));
        assertThat(engine.decideHttp("https", "en.wikipedia.org", -1, "POST", "/x", null).allowed()).isTrue();
    }

    @Test
    void aSegmentAllowsOnlyWhatItsOwnRulesAllowAndTheGlobalRulesAllowAsWell() {
        PolicyEngine engine = engine();
        Scope fetch = engine.toolScope("fetch_url");

        Verdict wiki = engine.decideHttp("https", "en.wikipedia.org", -1, "GET", "/wiki/Java", fetch);
        assertThat(wiki.allowed()).isTrue();
        assertThat(wiki.rule()).as("an allow keeps the global rule").isEqualTo("egress[0]");

        Verdict outside = engine.decideHttp("https", "10.1.2.3", -1, "GET", "/", fetch);
        assertThat(outside.allowed()).isFalse();
        assertThat(outside.rule()).isEqualTo("segments[0].egress default-deny");
        assertThat(outside.reason()).isEqualTo(
                "segments[0] (tool fetch_url) narrows egress: no egress rule allows 10.1.2.3:443");

        Verdict wrongMethod = engine.decideHttp("https", "api.example.com", -1, "POST", "/v1/items", fetch);
        assertThat(wrongMethod.allowed()).isFalse();
        assertThat(wrongMethod.rule()).isEqualTo("segments[0].egress[1]");
        assertThat(wrongMethod.reason()).contains("does not allow method POST");

        Verdict globallyDenied = engine.decideHttp("https", "evil.example.org", -1, "GET", "/", fetch);
        assertThat(globallyDenied.rule()).as("the global default deny decides first").isNull();
    }

    @Test
    void aSegmentNeverWidensTheGlobalRules() {
        PolicyEngine engine = engine();
        Scope note = engine.toolScope("write_note");

        assertThat(engine.decideFile("/srv/notes/n.txt", FileAccess.WRITE, note).allowed()).isTrue();
        Verdict read = engine.decideFile("/srv/notes/n.txt", FileAccess.READ, note);
        assertThat(read.allowed()).as("global allows read, the segment does not").isFalse();
        assertThat(read.rule()).as("the segment's rule for the path, which lacks read").isEqualTo("segments[1].files[0]");
        Verdict delete = engine.decideFile("/srv/notes/n.txt", FileAccess.DELETE, note);
        assertThat(delete.allowed()).as("the segment cannot add delete").isFalse();
        assertThat(delete.rule()).as("the global rules decided").isEqualTo("files[1]");
    }

    @Test
    void anEmptySectionDeniesThatKindOfAccessWhileAnAbsentOneDoesNotNarrow() {
        PolicyEngine engine = engine();
        Scope fetch = engine.toolScope("fetch_url");
        Scope note = engine.toolScope("write_note");

        Verdict read = engine.decideFile("/srv/data/a.txt", FileAccess.READ, fetch);
        assertThat(read.allowed()).isFalse();
        assertThat(read.rule()).isEqualTo("segments[0].files default-deny");
        assertThat(engine.decideProcess(ProcessLaunch.of(new String[] {"/usr/bin/git", "status"}), fetch).allowed())
                .as("fetch_url has no processes section").isTrue();
        Verdict git = engine.decideProcess(ProcessLaunch.of(new String[] {"/usr/bin/git", "status"}), note);
        assertThat(git.allowed()).isFalse();
        assertThat(git.rule()).isEqualTo("segments[1].processes default-deny");
        assertThat(engine.decideHostPort("en.wikipedia.org", 443, false, note).allowed())
                .as("write_note has no egress section").isTrue();
    }

    @Test
    void socketLookupAndAddressDecisionsAreNarrowedToo() {
        PolicyEngine engine = engine();
        Scope fetch = engine.toolScope("fetch_url");

        assertThat(engine.decideLookup("en.wikipedia.org", fetch).allowed()).isTrue();
        assertThat(engine.decideHostPort("en.wikipedia.org", 443, false, fetch).allowed()).isTrue();
        Verdict address = engine.decideAddress(new byte[] {10, 0, 0, 1}, 443, fetch);
        assertThat(address.allowed()).isFalse();
        assertThat(address.rule()).isEqualTo("segments[0].egress default-deny");
    }

    @Test
    void aSegmentRuleWithHttpConstraintsLetsOnlyUrlLevelClientsReachItsHost() {
        PolicyEngine engine = engine();
        Scope fetch = engine.toolScope("fetch_url");

        assertThat(engine.decideHostPort("api.example.com", 443, false).urlLevelOnly()).as("globally unconstrained").isFalse();
        Verdict inTool = engine.decideHostPort("api.example.com", 443, false, fetch);
        assertThat(inTool.allowed()).isTrue();
        assertThat(inTool.urlLevelOnly()).isTrue();
        assertThat(inTool.rule()).as("the global rule keeps deciding budgets and spans").isEqualTo("egress[1]");
        assertThat(engine.decideHostPort("en.wikipedia.org", 443, false, fetch).urlLevelOnly()).isFalse();
        assertThat(engine.decidesSocketsAtUrlLevel()).as("a segment's constrained rule counts").isTrue();
    }

    @Test
    void databaseConnectionsAndStatementsAreNarrowedByTheSegmentsRules() {
        PolicyEngine engine = engine();
        Scope note = engine.toolScope("write_note");
        DatabaseGrant grant = engine.databases().grant("jdbc:h2:mem:crm", Map.of());
        SqlAnalysis insert = SqlAnalyzer.analyze("INSERT INTO notes(text) VALUES ('x')");
        SqlAnalysis select = SqlAnalyzer.analyze("SELECT * FROM customers");

        Verdict connect = engine.decideDatabase("jdbc:h2:mem:crm", Map.of(), null, grant.connectVerdict(), note);
        assertThat(connect.allowed()).isTrue();
        Verdict allowedInsert = engine.decideDatabase("jdbc:h2:mem:crm", Map.of(), insert,
                engine.databases().decide(grant, insert), note);
        assertThat(allowedInsert.allowed()).isTrue();
        Verdict deniedSelect = engine.decideDatabase("jdbc:h2:mem:crm", Map.of(), select,
                engine.databases().decide(grant, select), note);
        assertThat(deniedSelect.allowed()).isFalse();
        assertThat(deniedSelect.rule()).isEqualTo("segments[1].databases[0]");
        assertThat(deniedSelect.reason()).contains("no databases rule allows select on customers");
    }

    @Test
    void codeSegmentsSelectClassesByPackageGlob() {
        PolicyEngine engine = engine();

        assertThat(engine.hasCodeSegments()).isTrue();
        assertThat(engine.codeScope("com.acme.plugins.Evil").label()).isEqualTo("code com.acme.plugins.**");
        assertThat(engine.codeScope("com.acme.plugins.deep.Evil$Inner")).isNotNull();
        assertThat(engine.codeScope("com.acme.audited.Client").label()).isEqualTo("code com.acme.audited");
        assertThat(engine.codeScope("com.acme.audited.sub.Client")).isNull();
        assertThat(engine.codeScope("com.acme.app.Main")).isNull();
        assertThat(engine.decideFile("/srv/data/a.txt", FileAccess.READ, engine.codeScope("com.acme.plugins.Evil"))
                .rule()).isEqualTo("segments[2].files default-deny");
    }

    @Test
    void aToolAndACodeScopeTogetherMustBothAllow() {
        PolicyEngine engine = engine();
        Scope both = engine.toolScope("write_note").and(engine.codeScope("com.acme.plugins.Evil"));

        assertThat(both.label()).isEqualTo("tool write_note, code com.acme.plugins.**");
        Verdict write = engine.decideFile("/srv/notes/n.txt", FileAccess.WRITE, both);
        assertThat(write.allowed()).isFalse();
        assertThat(write.rule()).isEqualTo("segments[2].files default-deny");
    }

    @Test
    void aPolicyWithoutCodeSegmentsSaysSo() throws Exception {
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse("policy: t\nsegments:\n  - tool: a\n    files: []\n", "t"));

        assertThat(engine.hasCodeSegments()).isFalse();
        assertThat(engine.codeScope("com.acme.X")).isNull();
    }
}
