package dev.warden.policy;

import static dev.warden.policy.PolicySections.DATABASES;
import static dev.warden.policy.PolicySections.EGRESS;
import static dev.warden.policy.PolicySections.FILES;
import static dev.warden.policy.PolicySections.PROCESSES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.warden.policy.HostPattern.ExactName;
import dev.warden.policy.HostPattern.IpPrefix;
import dev.warden.policy.HostPattern.NameSuffix;

class PolicyParserTest {

    private static String briefExample() throws IOException {
        try (InputStream in = PolicyParserTest.class.getResourceAsStream("/support-bot.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static PolicyException parseError(String yaml) {
        try {
            PolicyParser.parse(yaml, "p.yaml");
        } catch (PolicyException e) {
            return e;
        }
        throw new AssertionError("expected a PolicyException for:\n" + yaml);
    }

    @Test
    void parsesTheFullFormatOneExampleFromTheBrief() throws Exception {
        Policy policy = PolicyParser.parse(briefExample(), "support-bot.yaml");

        assertThat(policy.name()).isEqualTo("support-bot");
        assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(policy.source()).isEqualTo("support-bot.yaml");
        assertThat(policy.detectors()).isEmpty();

        assertThat(policy.rules().get(EGRESS)).hasSize(2);
        EgressRule openai = policy.rules().get(EGRESS).get(0);
        assertThat(openai.id()).isEqualTo("egress[0]");
        assertThat(openai.line()).isEqualTo(4);
        assertThat(openai.to()).isEqualTo("api.openai.com:443");
        assertThat(openai.target()).isEqualTo(new EgressTarget(new ExactName("api.openai.com"), new PortRange(443, 443)));
        assertThat(openai.tls()).isEqualTo(TlsMode.REQUIRED);
        assertThat(openai.http().methods()).containsExactly("POST");
        assertThat(openai.http().paths()).extracting(Glob::pattern).containsExactly("/v1/chat/completions");
        assertThat(openai.protect()).containsExactly(Map.entry("email", ProtectAction.TOKENIZE),
                Map.entry("payment_card", ProtectAction.TOKENIZE), Map.entry("secret", ProtectAction.BLOCK));
        assertThat(openai.restore()).isTrue();
        assertThat(openai.limits()).isEqualTo(new Limits(120, 2_000_000));

        EgressRule postgres = policy.rules().get(EGRESS).get(1);
        assertThat(postgres.id()).isEqualTo("egress[1]");
        assertThat(postgres.line()).isEqualTo(13);
        assertThat(postgres.target().host()).isEqualTo(new IpPrefix(false, 0, 0x7f000001L, 32));
        assertThat(postgres.tls()).isEqualTo(TlsMode.REQUIRED_UNLESS_LOOPBACK);
        assertThat(postgres.http()).isEqualTo(HttpRules.ANY);
        assertThat(postgres.protect()).isEmpty();
        assertThat(postgres.restore()).isFalse();
        assertThat(postgres.limits()).isEqualTo(Limits.NONE);

        assertThat(policy.rules().get(FILES)).containsExactly(
                new FileRule("files[0]", 15, "/srv/agent/data/**", Set.of(FileAccess.READ, FileAccess.LIST), false),
                new FileRule("files[1]", 17, "/srv/agent/out/**",
                        Set.of(FileAccess.READ, FileAccess.WRITE, FileAccess.CREATE), true));
        assertThat(policy.rules().get(DATABASES)).containsExactly(new DatabaseRule("databases[0]", 21,
                "jdbc:postgresql://127.0.0.1:5432/crm", Set.of(DatabaseOperation.SELECT), List.of("customers", "orders")));
        assertThat(policy.rules().get(PROCESSES)).containsExactly(
                new ProcessRule("processes[0]", 25, List.of("/usr/bin/git", "status")));

        assertThat(policy.segments()).hasSize(2);
        Segment tool = policy.segments().get(0);
        assertThat(tool.id()).isEqualTo("segments[0]");
        assertThat(tool.line()).isEqualTo(27);
        assertThat(tool.kind()).isEqualTo(Segment.Kind.TOOL);
        assertThat(tool.selector()).isEqualTo("fetch_url");
        assertThat(tool.narrows(EGRESS)).isTrue();
        assertThat(tool.rules().get(EGRESS)).satisfies(rules -> {
            assertThat(rules).hasSize(1);
            assertThat(rules.get(0).id()).isEqualTo("segments[0].egress[0]");
            assertThat(rules.get(0).line()).isEqualTo(28);
            assertThat(rules.get(0).target().host()).isEqualTo(new NameSuffix("wikipedia.org"));
        });
        assertThat(tool.narrows(FILES)).isFalse();
        Segment code = policy.segments().get(1);
        assertThat(code.kind()).isEqualTo(Segment.Kind.CODE);
        assertThat(code.selector()).isEqualTo("com.acme.plugins.**");
        assertThat(code.narrows(FILES)).isTrue();
        assertThat(code.rules().get(FILES)).isEmpty();
        assertThat(code.narrows(EGRESS)).isFalse();
    }

    @Test
    void defaultsModeToEnforceAndSectionsToTheirAbsentValue() throws Exception {
        Policy policy = PolicyParser.parse("policy: tiny\n", "tiny.yaml");

        assertThat(policy.name()).isEqualTo("tiny");
        assertThat(policy.mode()).isEqualTo(Mode.ENFORCE);
        assertThat(policy.source()).isEqualTo("tiny.yaml");
        assertThat(policy.segments()).isEmpty();
        assertThat(policy.rules().get(PolicySections.EGRESS)).isEmpty();
        assertThat(policy.rules().get(PolicySections.NATIVE)).isEqualTo(NativeRules.NONE);
        assertThat(policy.rules().get(PolicySections.TOOLS)).isEqualTo(ToolRules.ANY);
        for (PolicySection<?, ?> section : PolicySections.FORMAT_1.all()) {
            assertThat(policy.rules().has(section)).as(section.key()).isFalse();
            assertThat(policy.rules().get(section)).as(section.key()).isEqualTo(section.absent());
        }
    }

    @Test
    void readsAuditAndLearnModes() throws Exception {
        assertThat(PolicyParser.parse("policy: a\nmode: audit\n", "a").mode()).isEqualTo(Mode.AUDIT);
        assertThat(PolicyParser.parse("policy: a\nmode: learn\n", "a").mode()).isEqualTo(Mode.LEARN);
        assertThat(Mode.LEARN.label()).isEqualTo("learn");
    }

    @Test
    void readsTheWeakerModesAHostMaySwitchTo() throws Exception {
        assertThat(PolicyParser.parse("policy: a\nmode_override: [audit, learn]\n", "a").modeOverrides())
                .containsExactlyInAnyOrder(Mode.AUDIT, Mode.LEARN);
        assertThat(PolicyParser.parse("policy: a\n", "a").modeOverrides()).isEmpty();
    }

    @Test
    void enforceIsNoModeOverride() {
        PolicyException e = parseError("policy: p\nmode_override:\n  - audit\n  - enforce\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.reason()).startsWith("mode_override lists the weaker modes a host may switch to");
    }

    @Test
    void customDetectorsCanBeUsedInProtect() throws Exception {
        Policy policy = PolicyParser.parse("""
                policy: p
                egress:
                  - to: api.example.com
                    protect: { employee_id: redact, phone: allow }
                detectors:
                  employee_id:
                    pattern: "EMP-[0-9]{6}"
                """, "p.yaml");

        assertThat(policy.detectors()).containsExactly(new Detector("employee_id", 7, "EMP-[0-9]{6}"));
        assertThat(policy.rules().get(EGRESS).get(0).protect()).containsExactly(
                Map.entry("employee_id", ProtectAction.REDACT), Map.entry("phone", ProtectAction.ALLOW));
    }

    @Test
    void readsFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("bot.yaml");
        Files.writeString(file, briefExample());

        Policy policy = PolicyParser.parse(file);

        assertThat(policy.name()).isEqualTo("support-bot");
        assertThat(policy.source()).isEqualTo(file.toString());
    }

    @Test
    void aMissingFileIsACleanError(@TempDir Path dir) {
        Path file = dir.resolve("missing.yaml");

        assertThatThrownBy(() -> PolicyParser.parse(file))
                .isInstanceOf(PolicyException.class)
                .hasMessage(file + ": cannot read " + file + ": no such file")
                .hasNoCause();
    }

    @Test
    void anEmptyFileIsAnError(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("empty.yaml");
        Files.writeString(file, "# nothing here\n");

        assertThatThrownBy(() -> PolicyParser.parse(file))
                .isInstanceOf(PolicyException.class)
                .hasMessage(file + ": empty policy (no YAML content)");
    }

    @Test
    void errorMessageIsSourceLineAndReason() {
        PolicyException e = parseError("policy: p\nmode: strict\n");

        assertThat(e.source()).isEqualTo("p.yaml");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).isEqualTo("unknown mode 'strict' (allowed: enforce, audit, learn)");
        assertThat(e).hasMessage("p.yaml:2: unknown mode 'strict' (allowed: enforce, audit, learn)");
    }

    @Test
    void errorsStayOnOneLine() {
        PolicyException e = parseError("policy: p\negress:\n  - to: \"a.com\\n:443\"\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("invalid egress target 'a.com\\n:443': contains whitespace");
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void yamlSyntaxErrorsCarryTheirLine() {
        PolicyException e = parseError("policy: p\negress:\n  - to: a\n   b: [\n");

        assertThat(e.line()).isEqualTo(4);
        assertThat(e.reason()).startsWith("invalid YAML: ");
        assertThat(e.getMessage()).doesNotContain("\n");
    }

    @Test
    void moreThanOneDocumentIsAnError() {
        PolicyException e = parseError("policy: p\n---\npolicy: q\n");

        assertThat(e.line()).isEqualTo(2);
        assertThat(e.reason()).isEqualTo(
                "invalid YAML: expected a single document in the stream, but found another document");
    }

    @Test
    void unknownKeysNameTheAllowedOnes() {
        PolicyException top = parseError("policy: p\nnetwork: []\n");
        assertThat(top.line()).isEqualTo(2);
        assertThat(top.reason()).isEqualTo("unknown key 'network' in the policy (allowed: policy, mode, mode_override, detectors, "
                + "egress, files, databases, processes, native, tools, segments, credentials, tls_min_version, telemetry)");

        PolicyException rule = parseError("policy: p\negress:\n  - to: a.com\n    port: 443\n");
        assertThat(rule.line()).isEqualTo(4);
        assertThat(rule.reason()).isEqualTo(
                "unknown key 'port' in egress rule (allowed: to, tls, http, proxy, protect, restore, limits)");

        PolicyException http = parseError("policy: p\negress:\n  - to: a.com\n    http: { verbs: [GET] }\n");
        assertThat(http.line()).isEqualTo(4);
        assertThat(http.reason()).isEqualTo("unknown key 'verbs' in 'http' (allowed: methods, paths)");
    }

    @Test
    void duplicateKeysAreErrors() {
        PolicyException e = parseError("policy: p\nmode: audit\nmode: enforce\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("duplicate key 'mode' in the policy");
    }

    @Test
    void missingPolicyName() {
        PolicyException e = parseError("\n\nmode: audit\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("missing 'policy:' (the policy name)");
    }

    @Test
    void emptyPolicyName() {
        PolicyException e = parseError("policy: \"\"\n");

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("'policy' must not be empty");
    }

    @Test
    void multiLinePolicyName() {
        PolicyException e = parseError("policy: |\n  two\n  lines\n");

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("the policy name must be a single line");
    }

    @Test
    void allowedAccessIsKeptInDeclarationOrder() throws Exception {
        Policy policy = PolicyParser.parse("policy: p\nfiles:\n  - { path: /x, allow: [list, write, read] }\n"
                + "databases:\n  - { url: \"jdbc:h2:mem:*\", allow: [call, select] }\n", "p");

        assertThat(policy.rules().get(FILES).get(0).allow()).containsExactly(FileAccess.READ, FileAccess.WRITE, FileAccess.LIST);
        assertThat(policy.rules().get(DATABASES).get(0).allow())
                .containsExactly(DatabaseOperation.SELECT, DatabaseOperation.CALL);
    }

    @Test
    void tlsDefaultsToRequiredExceptForLoopback() throws Exception {
        Policy policy = PolicyParser.parse("policy: p\negress:\n  - to: a.com\n  - { to: b.com, tls: optional }\n"
                + "  - { to: c.com, tls: required }\n", "p");

        TlsMode byDefault = policy.rules().get(EGRESS).get(0).tls();
        assertThat(byDefault).isEqualTo(TlsMode.REQUIRED_UNLESS_LOOPBACK);
        assertThat(byDefault.requiresTls(false)).isTrue();
        assertThat(byDefault.requiresTls(true)).isFalse();
        assertThat(policy.rules().get(EGRESS).get(1).tls().requiresTls(false)).isFalse();
        assertThat(policy.rules().get(EGRESS).get(2).tls().requiresTls(true)).isTrue();
    }

    @Test
    void topLevelMustBeAMapping() {
        PolicyException e = parseError("- policy: p\n");

        assertThat(e.line()).isEqualTo(1);
        assertThat(e.reason()).isEqualTo("the policy must be a mapping, found a list");
    }

    @Test
    void anEncryptionZoneReadsLegacyPlaintextOnlyWhenItsRuleSaysSo() throws Exception {
        Policy policy = PolicyParser.parse("policy: p\nfiles:\n"
                + "  - path: /srv/zone/**\n    allow: [read]\n    encrypt: true\n    legacy_plaintext: read\n"
                + "  - path: /srv/strict/**\n    allow: [read]\n    encrypt: true\n"
                + "  - path: /srv/said/**\n    allow: [read]\n    encrypt: true\n    legacy_plaintext: refuse\n", "p.yaml");

        assertThat(policy.rules().get(FILES)).extracting(FileRule::legacyPlaintext)
                .containsExactly(LegacyPlaintext.READ, LegacyPlaintext.REFUSE, LegacyPlaintext.REFUSE);
    }

    @Test
    void legacyPlaintextNeedsAKnownValueAndAnEncryptionZone() {
        PolicyException value = parseError("policy: p\nfiles:\n  - path: /a/**\n    allow: [read]\n    encrypt: true\n"
                + "    legacy_plaintext: allow\n");
        assertThat(value.line()).isEqualTo(6);
        assertThat(value.reason()).isEqualTo("unknown legacy_plaintext 'allow' (allowed: refuse, read)");

        PolicyException notAZone = parseError("policy: p\nfiles:\n  - path: /a/**\n    allow: [read]\n"
                + "    legacy_plaintext: read\n");
        assertThat(notAZone.line()).isEqualTo(5);
        assertThat(notAZone.reason())
                .isEqualTo("'legacy_plaintext' applies only to an encryption zone: add 'encrypt: true' to the rule");

        PolicyException list = parseError("policy: p\nfiles:\n  - path: /a/**\n    allow: [read]\n    encrypt: true\n"
                + "    legacy_plaintext: [read]\n");
        assertThat(list.reason()).isEqualTo("legacy_plaintext must be a string, found a list");
    }

    @Test
    void wrongTypesAreNamed() {
        PolicyException section = parseError("policy: p\negress:\n  to: a.com\n");
        assertThat(section.line()).isEqualTo(3);
        assertThat(section.reason()).isEqualTo("'egress' must be a list, found a mapping");

        PolicyException bool = parseError("policy: p\nfiles:\n  - path: /a\n    allow: [read]\n    encrypt: maybe\n");
        assertThat(bool.line()).isEqualTo(5);
        assertThat(bool.reason()).isEqualTo("'encrypt' must be true or false, found 'maybe'");

        PolicyException string = parseError("policy: p\negress:\n  - to: [a.com]\n");
        assertThat(string.line()).isEqualTo(3);
        assertThat(string.reason()).isEqualTo("'to' must be a string, found a list");

        PolicyException number = parseError("policy: p\negress:\n  - to: a.com\n    limits:\n"
                + "      requests_per_minute: lots\n");
        assertThat(number.line()).isEqualTo(5);
        assertThat(number.reason()).isEqualTo("'requests_per_minute' must be a positive whole number, found 'lots'");

        PolicyException rule = parseError("policy: p\negress:\n  - a.com\n");
        assertThat(rule.line()).isEqualTo(3);
        assertThat(rule.reason()).isEqualTo("egress rule must be a mapping, found 'a.com'");
    }

    @Test
    void missingTo() {
        PolicyException e = parseError("policy: p\negress:\n  - tls: required\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("egress rule is missing 'to'");
    }

    @Test
    void badEgressTargetsNameTheLineAndTheProblem() {
        PolicyException garbage = parseError("policy: p\negress:\n  - to: a.com\n  - to: \"bad host!\"\n");
        assertThat(garbage.line()).isEqualTo(4);
        assertThat(garbage.reason()).isEqualTo("invalid egress target 'bad host!': contains whitespace");

        PolicyException port = parseError("policy: p\negress:\n  - to: a.com:0\n");
        assertThat(port.line()).isEqualTo(3);
        assertThat(port.reason()).isEqualTo(
                "invalid egress target 'a.com:0': port must be a number from 1 to 65535, found '0'");

        PolicyException range = parseError("policy: p\negress:\n  - to: \"a.com:9000-8000\"\n");
        assertThat(range.line()).isEqualTo(3);
        assertThat(range.reason()).isEqualTo(
                "invalid egress target 'a.com:9000-8000': port range 9000-8000 is backwards (low > high)");

        PolicyException prefix = parseError("policy: p\negress:\n  - to: 10.0.0.0/33\n");
        assertThat(prefix.reason()).isEqualTo(
                "invalid egress target '10.0.0.0/33': CIDR prefix must be a number from 0 to 32, found '33'");
    }

    @Test
    void badTlsAndProtectValues() {
        PolicyException tls = parseError("policy: p\negress:\n  - to: a.com\n    tls: sometimes\n");
        assertThat(tls.line()).isEqualTo(4);
        assertThat(tls.reason()).isEqualTo("unknown tls 'sometimes' (allowed: required, optional)");

        PolicyException detector = parseError("policy: p\negress:\n  - to: a.com\n    protect:\n      ssn: block\n");
        assertThat(detector.line()).isEqualTo(5);
        assertThat(detector.reason()).isEqualTo("unknown key 'ssn' in 'protect' (allowed: email, phone, "
                + "payment_card, iban, us_ssn, secret)");

        PolicyException action = parseError("policy: p\negress:\n  - to: a.com\n    protect:\n      email: hide\n");
        assertThat(action.line()).isEqualTo(5);
        assertThat(action.reason()).isEqualTo(
                "unknown protect action 'hide' (allowed: redact, tokenize, block, allow)");

        PolicyException restore = parseError("policy: p\negress:\n  - to: a.com\n    protect: { email: redact }\n"
                + "    restore: true\n");
        assertThat(restore.line()).isEqualTo(5);
        assertThat(restore.reason()).isEqualTo("'restore: true' needs a detector set to tokenize in 'protect'");
    }

    @Test
    void badHttpConstraints() {
        PolicyException method = parseError("policy: p\negress:\n  - to: a.com\n    http: { methods: [\"GET /\"] }\n");
        assertThat(method.line()).isEqualTo(4);
        assertThat(method.reason()).isEqualTo("invalid HTTP method 'GET /'");

        PolicyException emptyMethods = parseError("policy: p\negress:\n  - to: a.com\n    http: { methods: [] }\n");
        assertThat(emptyMethods.reason()).isEqualTo("'methods' must not be empty; leave it out to allow any method");

        PolicyException relative = parseError("policy: p\negress:\n  - to: a.com\n    http:\n      paths: [v1]\n");
        assertThat(relative.line()).isEqualTo(5);
        assertThat(relative.reason()).isEqualTo("path 'v1' must start with '/'");

        PolicyException glob = parseError("policy: p\negress:\n  - to: a.com\n    http:\n      paths: [\"/v1/**.json\"]\n");
        assertThat(glob.reason()).isEqualTo(
                "invalid path '/v1/**.json': '**' must be a whole segment between '/'s, found '**.json'");
    }

    @Test
    void badFileRules() {
        PolicyException mode = parseError("policy: p\nfiles:\n  - path: /tmp/**\n    allow: [read, exec]\n");
        assertThat(mode.line()).isEqualTo(4);
        assertThat(mode.reason()).isEqualTo(
                "unknown file access 'exec' (allowed: read, write, create, delete, list, stat)");

        PolicyException empty = parseError("policy: p\nfiles:\n  - path: /tmp/**\n    allow: []\n");
        assertThat(empty.line()).isEqualTo(4);
        assertThat(empty.reason()).isEqualTo("'allow' must list at least one file access");

        PolicyException relative = parseError("policy: p\nfiles:\n  - path: data/**\n    allow: [read]\n");
        assertThat(relative.line()).isEqualTo(3);
        assertThat(relative.reason()).isEqualTo(
                "path 'data/**' must be absolute (start with '/' or a ${...} variable)");

        PolicyException variable = parseError("policy: p\nfiles:\n  - path: \"${HOME}/x\"\n    allow: [read]\n");
        assertThat(variable.reason()).isEqualTo(
                "unknown variable '${HOME}' in path (allowed: ${java.io.tmpdir}, ${user.home}, ${user.dir}, ${app.home})");

        PolicyException missingAllow = parseError("policy: p\nfiles:\n  - path: /tmp/x\n");
        assertThat(missingAllow.line()).isEqualTo(3);
        assertThat(missingAllow.reason()).isEqualTo("file rule is missing 'allow'");
    }

    @Test
    void fileVariablesAreAccepted() throws Exception {
        Policy policy = PolicyParser.parse("policy: p\nfiles:\n  - path: \"${java.io.tmpdir}/warden/**\"\n"
                + "    allow: [read, write, create, delete, list]\n", "p");

        assertThat(policy.rules().get(FILES).get(0).path()).isEqualTo("${java.io.tmpdir}/warden/**");
        assertThat(policy.rules().get(FILES).get(0).allow()).containsExactlyInAnyOrder(FileAccess.READ, FileAccess.WRITE,
                FileAccess.CREATE, FileAccess.DELETE, FileAccess.LIST);
    }

    @Test
    void badDatabaseRules() {
        PolicyException op = parseError("policy: p\ndatabases:\n  - url: \"jdbc:h2:mem:*\"\n    allow: [select, drop]\n");
        assertThat(op.line()).isEqualTo(4);
        assertThat(op.reason()).isEqualTo(
                "unknown database operation 'drop' (allowed: select, insert, update, delete, ddl, call, any)");

        PolicyException url = parseError("policy: p\ndatabases:\n  - url: \"postgres://db/crm\"\n    allow: [any]\n");
        assertThat(url.line()).isEqualTo(3);
        assertThat(url.reason()).isEqualTo("url 'postgres://db/crm' must start with 'jdbc:'");

        PolicyException tables = parseError("policy: p\ndatabases:\n  - url: \"jdbc:h2:mem:x\"\n    allow: [any]\n"
                + "    tables: []\n");
        assertThat(tables.line()).isEqualTo(5);
        assertThat(tables.reason()).isEqualTo("'tables' must not be empty; leave it out to allow any table");

        PolicyException functions = parseError("policy: p\ndatabases:\n  - url: \"jdbc:h2:mem:x\"\n    allow: [any]\n"
                + "    functions: [FILE_READ]\n");
        assertThat(functions.line()).isEqualTo(5);
        assertThat(functions.reason()).isEqualTo("function 'FILE_READ' must be written in lower case");
    }

    @Test
    void databaseRuleFunctions() throws Exception {
        Policy policy = PolicyParser.parse("policy: p\ndatabases:\n  - url: \"jdbc:postgresql://db/crm\"\n"
                + "    allow: [select]\n    functions: [pg_stat_file, \"lo_*\"]\n", "p.yaml");
        assertThat(policy.rules().get(DATABASES).get(0).functions()).containsExactly("pg_stat_file", "lo_*");
    }

    @Test
    void emptyProcessCommand() {
        PolicyException e = parseError("policy: p\nprocesses:\n  - command: /usr/bin/git\n  - command: []\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.reason()).isEqualTo("'command' must be a list, found '/usr/bin/git'");

        PolicyException empty = parseError("policy: p\nprocesses:\n  - command: []\n");
        assertThat(empty.line()).isEqualTo(3);
        assertThat(empty.reason()).isEqualTo("'command' must not be empty: list the program and its arguments");
    }

    @Test
    void processArgumentsMayBeNumbers() throws Exception {
        Policy policy = PolicyParser.parse("policy: p\nprocesses:\n  - command: [sleep, 1]\n", "p");

        assertThat(policy.rules().get(PROCESSES).get(0).command()).containsExactly("sleep", "1");
    }

    @Test
    void segmentNeedsExactlyOneOfToolAndCode() {
        PolicyException both = parseError("policy: p\nsegments:\n  - tool: fetch\n    code: com.acme.**\n");
        assertThat(both.line()).isEqualTo(3);
        assertThat(both.reason()).isEqualTo("segment has both 'tool' and 'code'; use exactly one");

        PolicyException neither = parseError("policy: p\nsegments:\n  - files: []\n");
        assertThat(neither.line()).isEqualTo(3);
        assertThat(neither.reason()).isEqualTo("segment needs 'tool' (an AI tool name) or 'code' (a package glob)");

        PolicyException code = parseError("policy: p\nsegments:\n  - code: \"com/acme/*\"\n");
        assertThat(code.reason()).isEqualTo("code 'com/acme/*' must be a package glob like com.acme.plugins.**");
    }

    @Test
    void segmentRulesAreValidatedLikeTopLevelRules() {
        PolicyException e = parseError("policy: p\nsegments:\n  - tool: t\n    egress:\n      - to: \"a.com:70000\"\n");

        assertThat(e.line()).isEqualTo(5);
        assertThat(e.reason()).isEqualTo(
                "invalid egress target 'a.com:70000': port must be a number from 1 to 65535, found '70000'");
    }

    @Test
    void badCustomDetectors() {
        PolicyException builtIn = parseError("policy: p\ndetectors:\n  email: { pattern: x }\n");
        assertThat(builtIn.line()).isEqualTo(3);
        assertThat(builtIn.reason()).isEqualTo("detector 'email' is built in and cannot be redefined");

        PolicyException regex = parseError("policy: p\ndetectors:\n  badge:\n    pattern: \"[a-\"\n");
        assertThat(regex.line()).isEqualTo(4);
        assertThat(regex.reason()).startsWith("invalid pattern for detector 'badge': ");
    }

    @Test
    void theMinimumTlsVersionIsReadAndChecked() throws Exception {
        assertThat(PolicyParser.parse("policy: p\ntls_min_version: \"1.3\"\n", "p.yaml").tlsMinVersion())
                .isEqualTo(dev.warden.policy.TlsVersion.TLS_1_3);
        assertThat(PolicyParser.parse("policy: p\ntls_min_version: 1.2\n", "p.yaml").tlsMinVersion())
                .isEqualTo(dev.warden.policy.TlsVersion.TLS_1_2);
        assertThat(PolicyParser.parse("policy: p\n", "p.yaml").tlsMinVersion()).isNull();
        assertThatThrownBy(() -> PolicyParser.parse("policy: p\n\ntls_min_version: \"1.1\"\n", "p.yaml"))
                .isInstanceOf(PolicyException.class)
                .hasMessageContaining("p.yaml:3")
                .hasMessageContaining("unknown tls_min_version '1.1' (allowed: \"1.2\", \"1.3\")");
    }

    @Test
    void promptsAndCompletionsAreRecordedOnlyWhenThePolicyOptsIn() throws Exception {
        assertThat(PolicyParser.parse("policy: p\n", "p.yaml").recordsGenAiContent()).isFalse();
        assertThat(PolicyParser.parse("policy: p\ntelemetry: { genai_content: true }\n", "p.yaml").recordsGenAiContent())
                .isTrue();
        assertThatThrownBy(() -> PolicyParser.parse("policy: p\ntelemetry: { genai_content: yes please }\n", "p.yaml"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("p.yaml:2");
        assertThatThrownBy(() -> PolicyParser.parse("policy: p\ntelemetry: { prompts: true }\n", "p.yaml"))
                .isInstanceOf(PolicyException.class).hasMessageContaining("prompts");
    }

    @Test
    void nativeSectionReadsLibrariesFfmAndUnsafe() throws Exception {
        Policy policy = PolicyParser.parse("policy: p\nnative:\n  libraries: [\"${java.io.tmpdir}/sqlite-*.so\"]\n"
                + "  unsafe: true\nsegments:\n  - tool: fetch\n    native: { ffm: true }\n", "p.yaml");

        assertThat(policy.rules().get(PolicySections.NATIVE)).isEqualTo(
                new NativeRules("native", 3, List.of("${java.io.tmpdir}/sqlite-*.so"), false, true));
        assertThat(policy.segments().get(0).rules().get(PolicySections.NATIVE)).isEqualTo(
                new NativeRules("segments[0].native", 7, List.of(), true, false));
        assertThat(PolicyParser.parse("policy: p\n", "p.yaml").rules().get(PolicySections.NATIVE))
                .isEqualTo(NativeRules.NONE);
    }

    @Test
    void nativeSectionErrorsNameTheirLine() {
        PolicyException list = parseError("policy: p\nnative:\n  - libraries: []\n");
        assertThat(list.line()).isEqualTo(3);
        assertThat(list.reason()).isEqualTo("'native' must be a mapping, found a list");

        PolicyException key = parseError("policy: p\nnative:\n  jni: true\n");
        assertThat(key.line()).isEqualTo(3);
        assertThat(key.reason()).isEqualTo("unknown key 'jni' in 'native' (allowed: libraries, ffm, unsafe)");

        PolicyException relative = parseError("policy: p\nnative:\n  libraries:\n    - /usr/lib/libz.so\n    - libfoo.so\n");
        assertThat(relative.line()).isEqualTo(5);
        assertThat(relative.reason()).isEqualTo(
                "each entry of 'libraries' must be an absolute path glob or start with a ${...} variable: libfoo.so");

        PolicyException flag = parseError("policy: p\nnative:\n  ffm: yes please\n");
        assertThat(flag.line()).isEqualTo(3);
        assertThat(flag.reason()).isEqualTo("'ffm' must be true or false, found 'yes please'");

        PolicyException inSegment = parseError("policy: p\nsegments:\n  - code: com.acme.**\n    native: { unsafe: 1 }\n");
        assertThat(inSegment.line()).isEqualTo(4);
        assertThat(inSegment.reason()).isEqualTo("'unsafe' must be true or false, found '1'");
    }

    @Test
    void toolsSectionAbsentAllowsAnyToolAndGivenListsRulesWithArgumentGlobs() throws Exception {
        assertThat(PolicyParser.parse("policy: p\n", "p.yaml").rules().get(PolicySections.TOOLS)).isEqualTo(ToolRules.ANY);
        assertThat(PolicyParser.parse("policy: p\ntools: []\n", "p.yaml").rules().get(PolicySections.TOOLS))
                .isEqualTo(ToolRules.only(List.of()));

        Policy policy = PolicyParser.parse("""
                policy: p
                tools:
                  - name: read_file
                    arguments: { path: "data/**", limit: 10 }
                  - name: "crm.*"
                """, "p.yaml");

        ToolRules tools = policy.rules().get(PolicySections.TOOLS);
        assertThat(tools.listed()).isTrue();
        assertThat(tools.rules()).containsExactly(
                new ToolRule("tools[0]", 3, "read_file", Map.of("path", "data/**", "limit", "10")),
                new ToolRule("tools[1]", 5, "crm.*", Map.of()));
        assertThat(tools.rules().get(0).arguments().keySet()).containsExactly("path", "limit");
    }

    @Test
    void toolsSectionErrorsNameTheirLine() {
        PolicyException notList = parseError("policy: p\ntools: { name: read_file }\n");
        assertThat(notList.line()).isEqualTo(2);
        assertThat(notList.reason()).isEqualTo("'tools' must be a list, found a mapping");

        PolicyException noName = parseError("policy: p\ntools:\n  - arguments: { path: \"data/**\" }\n");
        assertThat(noName.line()).isEqualTo(3);
        assertThat(noName.reason()).isEqualTo("tool rule is missing 'name' (the tool's name, a glob: read_file, \"crm.*\")");

        PolicyException emptyName = parseError("policy: p\ntools:\n  - name: \"\"\n");
        assertThat(emptyName.reason()).isEqualTo("'name' must not be empty");

        PolicyException doubleStar = parseError("policy: p\ntools:\n  - name: \"crm.**\"\n");
        assertThat(doubleStar.line()).isEqualTo(3);
        assertThat(doubleStar.reason()).isEqualTo("invalid tool name glob 'crm.**': in a tool name '*' already matches any"
                + " characters, dots too (write crm.*)");

        PolicyException key = parseError("policy: p\ntools:\n  - name: read_file\n    args: {}\n");
        assertThat(key.line()).isEqualTo(4);
        assertThat(key.reason()).isEqualTo("unknown key 'args' in tool rule (allowed: name, arguments)");

        PolicyException argumentsList = parseError("policy: p\ntools:\n  - name: read_file\n    arguments: [path]\n");
        assertThat(argumentsList.line()).isEqualTo(4);
        assertThat(argumentsList.reason()).isEqualTo("'arguments' (a glob per argument name) must be a mapping, found a list");

        PolicyException nested = parseError("policy: p\ntools:\n  - name: read_file\n    arguments:\n      path: { glob: x }\n");
        assertThat(nested.line()).isEqualTo(5);
        assertThat(nested.reason()).isEqualTo("the glob of argument 'path' must be a string, found a mapping");

        PolicyException badGlob = parseError("policy: p\ntools:\n  - name: read_file\n    arguments: { path: \"data/x**\" }\n");
        assertThat(badGlob.line()).isEqualTo(4);
        assertThat(badGlob.reason()).isEqualTo("invalid glob of argument 'path' 'data/x**': '**' must be a whole segment"
                + " between '/'s, found 'x**'");
    }

    @Test
    void toolsSectionIsTopLevelOnly() {
        PolicyException inSegment = parseError("policy: p\nsegments:\n  - tool: fetch\n    tools:\n      - name: x\n");
        assertThat(inSegment.line()).isEqualTo(4);
        assertThat(inSegment.reason()).isEqualTo("'tools' is a top-level section only: a segment narrows what its tool or"
                + " code may do, not which tools may run; move it to the top level");
    }
}
