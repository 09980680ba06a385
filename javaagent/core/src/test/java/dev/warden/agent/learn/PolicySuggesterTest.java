package dev.warden.agent.learn;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySections;
import dev.warden.policy.FileAccess;
import dev.warden.policy.ToolRule;
import dev.warden.policy.decide.PathVariables;
import dev.warden.policy.decide.PolicyEngine;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A policy suggested from records allows what was recorded, and only that, for the egress the engine decides today. */
class PolicySuggesterTest {

    private final PolicySuggester suggester = new PolicySuggester();

    @Test
    void egressBecomesOneRuleWithTheMethodsAndPathsSeenPerDestination() throws Exception {
        start();
        decision("egress", "POST", "https://api.openai.com/v1/chat/completions", null, null);
        decision("egress", "GET", "https://api.openai.com/v1/models", null, null);
        decision("egress", "connect", "api.openai.com:443", null, null);
        decision("egress", "resolve", "api.openai.com", null, null);
        decision("egress", "connect", "10.1.2.3:5432", null, null);
        decision("egress", "GET", "http://wiki.internal/page/a", null, "tool:fetch_url");

        String yaml = suggester.suggest("learned");
        Policy policy = PolicyParser.parse(yaml, "suggested");
        PolicyEngine engine = PolicyEngine.compile(policy);

        assertThat(engine.decideHttp("https", "api.openai.com", 443, "POST", "/v1/chat/completions").allowed()).isTrue();
        assertThat(engine.decideHttp("https", "api.openai.com", 443, "GET", "/v1/models").allowed()).isTrue();
        assertThat(engine.decideHttp("https", "api.openai.com", 443, "DELETE", "/v1/models").allowed()).isFalse();
        assertThat(engine.decideHttp("https", "api.openai.com", 443, "GET", "/v1/files").allowed()).isFalse();
        assertThat(engine.decideAddress(new byte[] {10, 1, 2, 3}, 5432).allowed()).isTrue();
        assertThat(engine.decideAddress(new byte[] {10, 1, 2, 3}, 5433).allowed()).isFalse();
        assertThat(engine.decideHttp("http", "wiki.internal", 80, "GET", "/page/a").allowed()).isTrue();
        assertThat(yaml).contains("tls: optional      # plaintext http was seen")
                .contains("# 2 request(s), 1 socket access(es)")
                .contains("  - tool: \"fetch_url\"");
        assertThat(policy.segments()).hasSize(1);
    }

    @Test
    void toolsThatRanBecomeTheTopLevelToolsSectionAndNeverASegments() throws Exception {
        start();
        decision("tool", "execute", "search_orders", null, null);
        decision("tool", "execute", "crm_lookup", "mcp crm.lookup", null);
        decision("tool", "execute", "summarise", null, "tool:search_orders"); // a tool its tool ran
        decision("egress", "GET", "http://wiki.internal/page/a", null, "tool:search_orders");

        String yaml = suggester.suggest("learned");
        Policy policy = PolicyParser.parse(yaml, "suggested");

        assertThat(policy.rules().get(PolicySections.TOOLS).rules()).extracting(ToolRule::name)
                .containsExactly("crm_lookup", "search_orders", "summarise");
        assertThat(policy.segments()).singleElement().satisfies(segment -> {
            assertThat(segment.selector()).isEqualTo("search_orders");
            assertThat(segment.narrows(PolicySections.EGRESS)).isTrue();
        });
    }

    @Test
    void pathsInADirectoryWithManyEntriesOrGeneratedNamesCollapseAndUseThePolicyVariables() throws Exception {
        start();
        decision("file", "read", "/srv/app/data/a.csv", null, null);
        decision("file", "read", "/srv/app/data/b.csv", null, null);
        decision("file", "read", "/srv/app/data/c.csv", null, null);
        decision("file", "read", "/srv/app/config.yaml", null, null);
        decision("file", "create", "/tmp/upload-123.tmp", null, null);
        decision("file", "write", "/tmp/upload-123.tmp", null, null);
        decision("file", "delete", "/tmp/upload-123.tmp", null, null);

        String yaml = suggester.suggest("learned");

        assertThat(yaml).contains("  - path: \"/srv/app/data/*\"      # 3 paths seen, e.g. /srv/app/data/a.csv\n    allow: [read]")
                .contains("  - path: \"/srv/app/config.yaml\"      # seen\n    allow: [read]")
                .contains("  - path: \"${java.io.tmpdir}/upload-*\"")
                .contains("allow: [create, delete, write]");
        assertThat(PolicyParser.parse(yaml, "suggested").rules().get(PolicySections.FILES)).hasSize(3);
    }

    @Test
    void whatLiesBesideTheAppsJarIsWrittenUnderAppHomeAndWhatLiesInTheWorkingDirectoryUnderUserDir() throws Exception {
        startIn("/home/ci/build", "/home/ci/build/app/target");
        decision("file", "stat", "/home/ci/build/app/target", null, null);
        decision("file", "read", "/home/ci/build/app/target/config/app.yaml", null, null);
        decision("file", "create", "/home/ci/build/out.csv", null, null);

        String yaml = suggester.suggest("learned");

        assertThat(yaml).contains("  - path: \"${app.home}\"      # seen\n    allow: [stat]")
                .contains("  - path: \"${app.home}/config/app.yaml\"")
                .contains("  - path: \"${user.dir}/out.csv\"");
    }

    @Test
    void anAppRunFromItsOwnDirectoryGetsTheWorkingDirectoryForWhatItReadsThere() throws Exception {
        startIn("/opt/app", "/opt/app");
        decision("file", "read", "/opt/app/settings.properties", null, null);

        assertThat(suggester.suggest("learned")).contains("  - path: \"${user.dir}/settings.properties\"");
    }

    @Test
    void databasesKeepTheirOperationsAndTablesAndProcessesTheirExactArgv() throws Exception {
        start();
        decision("database", "connect", "jdbc:postgresql://127.0.0.1:5432/crm", null, null);
        decision("database", "select", "jdbc:postgresql://127.0.0.1:5432/crm", "customers,orders", "tool:crm");
        decision("database", "insert", "jdbc:postgresql://127.0.0.1:5432/crm", "orders", null);
        decision("process", "exec", "[\"/usr/bin/git\",\"status\"]", null, null);

        String yaml = suggester.suggest("learned");
        Policy policy = PolicyParser.parse(yaml, "suggested");

        assertThat(policy.rules().get(PolicySections.DATABASES)).singleElement().satisfies(rule -> {
            assertThat(rule.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/crm");
            assertThat(rule.tables()).containsExactly("customers", "orders");
        });
        assertThat(yaml).contains("allow: [insert, select]");
        assertThat(policy.rules().get(PolicySections.PROCESSES)).singleElement().satisfies(rule -> assertThat(rule.command()).containsExactly("/usr/bin/git", "status"));
        assertThat(policy.segments().get(0).selector()).isEqualTo("crm");
    }

    /** Tomcat's shutdown self-connect on a container's IPv6 address, as the audit log records it, and an IPv4-mapped peer. */
    @Test
    void everyAddressSeenBecomesARuleOrACommentedLineAndZoneIdsAreDroppedForTheAddress() throws Exception {
        start();
        decision("egress", "connect", "[fd00:0:0:0:0:0:0:2%eth0]:8080", null, null);
        decision("egress", "connect", "[0:0:0:0:0:ffff:a00:7]:5432", null, null);
        decision("egress", "connect", "no_such..host:443", null, null);

        String yaml = suggester.suggest("learned");
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse(yaml, "suggested"));

        assertThat(engine.decideAddress(fd00(2), 8080).allowed()).as(yaml).isTrue();
        assertThat(engine.decideAddress(fd00(2), 8081).allowed()).isFalse();
        assertThat(engine.decideAddress(new byte[] {10, 0, 0, 7}, 5432).allowed()).as(yaml).isTrue();
        assertThat(yaml).contains("  - to: \"[fd00:0:0:0:0:0:0:2]:8080\"")
                .containsPattern("  # - to: \"no_such\\.\\.host:443\"      # 1 socket access\\(es\\); not written as a rule: .+");
    }

    /**
     * Records that name a socket access other than by connect (a TLS handshake, a write counted for a budget, a
     * connect through a proxy) become a rule for their host and port; a request whose target is no URL with a host is
     * a commented line like any target no rule can name, and what only Warden decides (self-protection) one too:
     * nothing recorded is silently dropped.
     */
    @Test
    void everyRecordSeenBecomesARuleOrACommentedLine() throws Exception {
        start();
        decision("egress", "tls handshake", "tls.example:8443", null, null);
        decision("egress", "write", "[fd00:0:0:0:0:0:0:9]:9000", null, null);
        decision("egress", "connect via proxy", "behind.proxy.example:443", null, null);
        decision("egress", "GET", "mailto:someone@example.com", null, null);
        decision("egress", "GET", "mailto:someone@example.com", null, null);
        decision("self-protection", "retransform", "java.lang.Thread", null, null);

        String yaml = suggester.suggest("learned");
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse(yaml, "suggested"));

        assertThat(engine.decideHostPort("tls.example", 8443).allowed()).as(yaml).isTrue();
        assertThat(engine.decideHostPort("behind.proxy.example", 443).allowed()).as(yaml).isTrue();
        assertThat(engine.decideAddress(fd00(9), 9000).allowed()).as(yaml).isTrue();
        assertThat(yaml)
                .containsPattern("  # - to: \"mailto:someone@example\\.com\"      # 2 socket access\\(es\\); not written as a rule: .+")
                .contains("# seen, and no policy rule can allow it (Warden decides these itself):\n"
                        + "#   self-protection retransform \"java.lang.Thread\" (1 time)");
    }

    @Test
    void statementsThatCouldNotBeParsedAreACommentedLineUnderTheirDatabase() {
        start();
        decision("database", "connect", "jdbc:h2:mem:app", null, null);
        decision("database", "select", "jdbc:h2:mem:app", "owners", null);
        decision("database", "unparsable", "jdbc:h2:mem:app", null, null);
        decision("database", "unparsable", "jdbc:h2:mem:app", null, null);

        assertThat(suggester.suggest("learned")).contains("  - url: \"jdbc:h2:mem:app\"\n    allow: [select]\n"
                + "    tables: [\"owners\"]\n"
                + "    # 2 statements seen here could not be parsed, so no rule can allow them (denied in enforce mode)\n");
    }

    /** Spring-petclinic's per-run names, as one learn run recorded them; the policy must hold for the next run's. */
    @Test
    void whatARunDrawsAnewBecomesAGlobSoThatThePolicyAllowsTheNextRunsValues() throws Exception {
        start();
        decision("database", "connect", "jdbc:h2:mem:ff99f619-3c1a-4c0b-9a4e-0d9e5b7c1f22", null, null);
        decision("database", "select", "jdbc:h2:mem:ff99f619-3c1a-4c0b-9a4e-0d9e5b7c1f22", "owners", null);
        decision("file", "create", "/tmp/tomcat.8080.17631594838905135665", null, null);
        decision("file", "write", "/tmp/tomcat.8080.17631594838905135665/work/Tomcat/localhost/ROOT/SESSIONS.ser", null, null);
        decision("file", "create", "/tmp/tomcat-docbase.8080.4410988837365718202", null, null);
        decision("file", "create", "/tmp/tomcat.8080.17631594838905135665/work", null, null);
        decision("file", "read", "/proc/18227/mountinfo", null, null);
        decision("file", "read", "/proc/1/cgroup", null, null);

        String yaml = suggester.suggest("learned");
        Policy policy = PolicyParser.parse(yaml, "suggested");
        // the next run, with the same temporary directory
        PolicyEngine engine = PolicyEngine.compile(policy, PathVariables.of(Map.of("java.io.tmpdir", "/tmp")));

        assertThat(policy.rules().get(PolicySections.DATABASES)).singleElement()
                .satisfies(rule -> assertThat(rule.url()).isEqualTo("jdbc:h2:mem:*"));
        assertThat(engine.decideFile("/tmp/tomcat.8080.901823749182374918/work/Tomcat/localhost/ROOT/SESSIONS.ser",
                FileAccess.WRITE).allowed()).as(yaml).isTrue();
        assertThat(engine.decideFile("/tmp/tomcat-docbase.8080.77777777777777", FileAccess.CREATE).allowed()).as(yaml).isTrue();
        // Tomcat's temporary directories share a stem: creating anything else in the temporary directory stays denied
        assertThat(engine.decideFile("/tmp/payload.sh", FileAccess.CREATE).allowed()).as(yaml).isFalse();
        assertThat(engine.decideFile("/proc/self/mountinfo", FileAccess.READ).allowed()).as(yaml).isTrue();
        assertThat(engine.decideFile("/proc/4242/mountinfo", FileAccess.READ).allowed()).isFalse();
        assertThat(engine.decideFile("/proc/1/cgroup", FileAccess.READ).allowed()).as("another process's PID stays").isTrue();
        assertThat(yaml).as("a created directory with a fixed name stays that name")
                .contains("  - path: \"${java.io.tmpdir}/tomcat.8080.*/work\"      # seen\n    allow: [create]");
        assertThat(yaml).doesNotContain("17631594838905135665").doesNotContain("ff99f619").doesNotContain("18227");
    }

    /** A rule must allow an operation: a database seen only connecting or through SET statements is a commented line. */
    @Test
    void aDatabaseSeenOnlyThroughSessionStatementsIsSaidInACommentNotDropped() throws Exception {
        start();
        decision("database", "session", "jdbc:postgresql://127.0.0.1:5432/crm", null, null);
        decision("database", "connect", "jdbc:postgresql://127.0.0.1:5432/audit", null, null);
        decision("database", "select", "jdbc:postgresql://127.0.0.1:5432/audit", "events", null);

        String yaml = suggester.suggest("learned");

        assertThat(yaml).contains("# - url: \"jdbc:postgresql://127.0.0.1:5432/crm\"      # only connections and session statements seen");
        assertThat(PolicyParser.parse(yaml, "suggested").rules().get(PolicySections.DATABASES)).as(yaml).singleElement()
                .satisfies(rule -> assertThat(rule.url()).isEqualTo("jdbc:postgresql://127.0.0.1:5432/audit"));
    }

    /** The IPv6 address {@code fd00::LAST}. */
    private static byte[] fd00(int last) {
        byte[] address = new byte[16];
        address[0] = (byte) 0xfd;
        address[15] = (byte) last;
        return address;
    }

    private void start() {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("type", "start");
        start.put("pid", "18227");
        start.put("java.io.tmpdir", "/tmp");
        start.put("user.home", "/home/agent");
        start.put("user.dir", "/srv/app/bin");
        suggester.accept(start);
    }

    /** A start record with only a working directory and an app home. */
    private void startIn(String userDir, String appHome) {
        Map<String, Object> start = new LinkedHashMap<>();
        start.put("type", "start");
        start.put("user.dir", userDir);
        start.put("app.home", appHome);
        suggester.accept(start);
    }

    private void decision(String kind, String action, String target, String detail, String scope) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("type", "decision");
        record.put("kind", kind);
        record.put("action", action);
        record.put("target", target);
        if (detail != null) {
            record.put("detail", detail);
        }
        record.put("decision", "allow");
        record.put("rule", "learn");
        if (scope != null) {
            record.put("scope", scope);
        }
        suggester.accept(record);
    }
}
