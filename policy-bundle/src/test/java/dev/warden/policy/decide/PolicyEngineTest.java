package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import dev.warden.policy.PolicyParser;

class PolicyEngineTest {

    /** An engine for egress rules given as YAML list entries, one per line. */
    private static PolicyEngine egress(String... rules) {
        StringBuilder yaml = new StringBuilder("policy: test\negress:").append(rules.length == 0 ? " []\n" : "\n");
        for (String rule : rules) {
            yaml.append("  - ").append(rule).append('\n');
        }
        try {
            return PolicyEngine.compile(PolicyParser.parse(yaml.toString(), "test.yaml"));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] ipv4(int a, int b, int c, int d) {
        return new byte[] {(byte) a, (byte) b, (byte) c, (byte) d};
    }

    /** 16 bytes from 8 groups. */
    private static byte[] ipv6(int... groups) {
        byte[] bytes = new byte[16];
        for (int g = 0; g < 8; g++) {
            bytes[2 * g] = (byte) (groups[g] >> 8);
            bytes[2 * g + 1] = (byte) groups[g];
        }
        return bytes;
    }

    @Test
    void anExactNameRuleAllowsThatHostAndPort() {
        PolicyEngine engine = egress("to: \"api.openai.com:443\"");

        Verdict verdict = engine.decideHttp("https", "api.openai.com", -1, "POST", "/v1/chat/completions");

        assertThat(verdict.allowed()).isTrue();
        assertThat(verdict.rule()).isEqualTo("egress[0]");
        assertThat(verdict.ruleTarget()).isEqualTo("api.openai.com:443");
        assertThat(verdict.reason()).isEqualTo("allowed by egress[0] (api.openai.com:443)");
        assertThat(verdict).hasToString("allow: allowed by egress[0] (api.openai.com:443)");
    }

    @Test
    void theDefaultIsDeny() {
        PolicyEngine engine = egress("to: \"api.openai.com:443\"");

        Verdict other = engine.decideHttp("https", "api.evil.com", -1, "GET", "/");
        assertThat(other.allowed()).isFalse();
        assertThat(other.rule()).isNull();
        assertThat(other.ruleTarget()).isNull();
        assertThat(other.reason()).isEqualTo("no egress rule allows api.evil.com:443");

        assertThat(engine.decideHttp("http", "api.openai.com", -1, "GET", "/").reason())
                .isEqualTo("no egress rule allows api.openai.com:80");
        assertThat(engine.decideHostPort("api.openai.com", 8443).reason())
                .isEqualTo("no egress rule allows api.openai.com:8443");
        assertThat(egress().decideHostPort("localhost", 80).allowed()).isFalse();
    }

    @Test
    void aBarePolicyAllowsNothing() throws Exception {
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse("policy: empty\n", "empty.yaml"));

        assertThat(engine.policy().name()).isEqualTo("empty");
        assertThat(engine.decideHttp("http", "127.0.0.1", 80, "GET", "/").allowed()).isFalse();
        assertThat(engine.decideAddress(ipv4(127, 0, 0, 1), 80).allowed()).isFalse();
        assertThat(engine.decideLookup("localhost").allowed()).isFalse();
    }

    @Test
    void namesIgnoreCaseAndATrailingDot() {
        PolicyEngine engine = egress("to: \"API.OpenAI.com.:443\"");

        assertThat(engine.decideHttp("HTTPS", "api.openai.com", -1, "GET", "").allowed()).isTrue();
        assertThat(engine.decideHttp("https", "API.OPENAI.COM", 443, "GET", "/").allowed()).isTrue();
        assertThat(engine.decideHostPort("Api.OpenAI.Com.", 443).allowed()).isTrue();
        assertThat(engine.decideLookup("API.openai.com.").allowed()).isTrue();
        assertThat(engine.decideHostPort("api.openai.com..", 443).allowed()).isFalse();
        assertThat(engine.decideHostPort("xapi.openai.com", 443).allowed()).isFalse();
    }

    @Test
    void aSuffixRuleMatchesSubdomainsButNotTheApex() {
        PolicyEngine engine = egress("to: \"*.example.com:443\"");

        assertThat(engine.decideHostPort("a.example.com", 443).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("a.b.c.example.com", 443).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("example.com", 443).allowed()).isFalse();
        assertThat(engine.decideHostPort("badexample.com", 443).allowed()).isFalse();
        assertThat(engine.decideHostPort("example.com.evil.net", 443).allowed()).isFalse();
        assertThat(engine.decideHostPort(".example.com", 443).allowed()).isFalse();
        assertThat(engine.decideHostPort("a.example.com", 80).allowed()).isFalse();
    }

    @Test
    void starMatchesEveryHostAndAddress() {
        PolicyEngine engine = egress("to: \"*:443\"");

        assertThat(engine.decideHostPort("anything.at.all", 443).allowed()).isTrue();
        assertThat(engine.decideHttp("https", "10.1.2.3", -1, "GET", "/").allowed()).isTrue();
        assertThat(engine.decideHttp("https", "[2001:db8::1]", -1, "GET", "/").allowed()).isTrue();
        assertThat(engine.decideAddress(ipv4(8, 8, 8, 8), 443).allowed()).isTrue();
        assertThat(engine.decideAddress(ipv6(0x2001, 0xdb8, 0, 0, 0, 0, 0, 1), 443).allowed()).isTrue();
        assertThat(engine.decideLookup("anything.at.all").allowed()).isTrue();
        assertThat(engine.decideAddress(ipv4(8, 8, 8, 8), 80).allowed()).isFalse();
    }

    @Test
    void ipRulesMatchAddressesAndIpLiteralHostsButNotNames() {
        PolicyEngine engine = egress("to: \"127.0.0.1:8080\"");

        assertThat(engine.decideHttp("http", "127.0.0.1", 8080, "GET", "/").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("127.0.0.1", 8080).allowed()).isTrue();
        assertThat(engine.decideAddress(ipv4(127, 0, 0, 1), 8080).allowed()).isTrue();
        assertThat(engine.decideAddress(ipv4(127, 0, 0, 2), 8080).reason())
                .isEqualTo("no egress rule allows 127.0.0.2:8080");
        assertThat(engine.decideHostPort("localhost", 8080).allowed()).isFalse();
        assertThat(engine.decideLookup("localhost").allowed()).isFalse();
    }

    @Test
    void nameRulesDoNotMatchAddresses() {
        PolicyEngine engine = egress("to: \"localhost:8080\"");

        assertThat(engine.decideHostPort("localhost", 8080).allowed()).isTrue();
        assertThat(engine.decideHostPort("127.0.0.1", 8080).allowed()).isFalse();
        assertThat(engine.decideAddress(ipv4(127, 0, 0, 1), 8080).allowed()).isFalse();
    }

    @Test
    void cidrBlocks() {
        PolicyEngine engine = egress("to: \"10.0.0.0/8:5432\"", "to: \"192.168.1.0/24\"", "to: \"0.0.0.0/0:53\"");

        assertThat(engine.decideAddress(ipv4(10, 255, 1, 1), 5432).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideAddress(ipv4(11, 0, 0, 1), 5432).allowed()).isFalse();
        assertThat(engine.decideAddress(ipv4(192, 168, 1, 200), 9999).rule()).isEqualTo("egress[1]");
        assertThat(engine.decideAddress(ipv4(192, 168, 2, 1), 9999).allowed()).isFalse();
        assertThat(engine.decideAddress(ipv4(1, 1, 1, 1), 53).rule()).isEqualTo("egress[2]");
        assertThat(engine.decideHttp("http", "10.9.8.7", 5432, "GET", "/").rule()).isEqualTo("egress[0]");
    }

    @Test
    void ipv6AddressesAndBlocks() {
        PolicyEngine engine = egress("to: \"[::1]:8080\"", "to: \"fd00::/8\"");

        assertThat(engine.decideHttp("http", "[::1]", 8080, "GET", "/").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("::1", 8080).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("0:0:0:0:0:0:0:1", 8080).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideAddress(ipv6(0, 0, 0, 0, 0, 0, 0, 1), 8080).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideAddress(ipv6(0xfd12, 0x3456, 0, 0, 0, 0, 0, 9), 1).rule()).isEqualTo("egress[1]");
        assertThat(engine.decideHostPort("FD12::9", 1).rule()).isEqualTo("egress[1]");
        assertThat(engine.decideAddress(ipv6(0xfe00, 0, 0, 0, 0, 0, 0, 9), 1).reason())
                .isEqualTo("no egress rule allows [fe00::9]:1");
        assertThat(engine.decideHostPort("::2", 8080).reason()).isEqualTo("no egress rule allows [::2]:8080");
        assertThat(engine.decideHttp("http", "[::2]", -1, "GET", "/").reason())
                .isEqualTo("no egress rule allows [::2]:80");
    }

    @Test
    void aZoneIdDoesNotChangeTheAddress() {
        PolicyEngine engine = egress("to: \"fe80::/10\"");

        assertThat(engine.decideHostPort("fe80::1%eth0", 22).allowed()).isTrue();
        assertThat(engine.decideHttp("https", "[fe80::1%25eth0]", -1, "GET", "/").allowed()).isTrue();
    }

    @Test
    void mappedAndCompatibleIpv6AreMatchedAsIpv4() {
        PolicyEngine engine = egress("to: \"127.0.0.1:8080\"", "to: \"::1:9090\"");
        byte[] mapped = ipv6(0, 0, 0, 0, 0, 0xffff, 0x7f00, 1);
        byte[] compatible = ipv6(0, 0, 0, 0, 0, 0, 0x7f00, 1);

        assertThat(engine.decideAddress(mapped, 8080).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideAddress(compatible, 8080).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("::ffff:127.0.0.1", 8080).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHttp("http", "[::FFFF:7f00:1]", 8080, "GET", "/").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideAddress(ipv6(0, 0, 0, 0, 0, 0xffff, 0x7f00, 2), 8080).reason())
                .isEqualTo("no egress rule allows 127.0.0.2:8080");
        // ::1 is IPv6 loopback, not 0.0.0.1; "::1:9090" without brackets is the address ::1:9090.
        assertThat(engine.decideAddress(ipv6(0, 0, 0, 0, 0, 0, 0, 1), 9090).allowed()).isFalse();
        assertThat(engine.decideAddress(ipv6(0, 0, 0, 0, 0, 0, 1, 0x9090), 7).rule()).isEqualTo("egress[1]");
    }

    @Test
    void aMappedRuleMatchesPlainIpv4() {
        PolicyEngine engine = egress("to: \"[::ffff:10.0.0.0/104]:443\"");

        assertThat(engine.decideAddress(ipv4(10, 20, 30, 40), 443).allowed()).isTrue();
        assertThat(engine.decideHostPort("10.20.30.40", 443).allowed()).isTrue();
    }

    @Test
    void portsAndRanges() {
        PolicyEngine engine = egress("to: \"svc.internal:8000-8099\"", "to: any.internal");

        assertThat(engine.decideHostPort("svc.internal", 7999).allowed()).isFalse();
        assertThat(engine.decideHostPort("svc.internal", 8000).allowed()).isTrue();
        assertThat(engine.decideHostPort("svc.internal", 8099).allowed()).isTrue();
        assertThat(engine.decideHostPort("svc.internal", 8100).allowed()).isFalse();
        assertThat(engine.decideHostPort("any.internal", 1).allowed()).isTrue();
        assertThat(engine.decideHostPort("any.internal", 65535).allowed()).isTrue();
        assertThat(engine.decideHttp("ftp", "any.internal", -1, "GET", "/").allowed()).isTrue();
        assertThat(engine.decideHttp("ftp", "svc.internal", -1, "GET", "/").reason())
                .isEqualTo("no egress rule allows svc.internal");
    }

    @Test
    void schemesGiveDefaultPorts() {
        PolicyEngine engine = egress("to: \"a.com:80\"", "to: \"a.com:443\"");

        assertThat(engine.decideHttp("http", "a.com", -1, "GET", "/").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHttp("WS", "a.com", -1, "GET", "/").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/").rule()).isEqualTo("egress[1]");
        assertThat(engine.decideHttp("wss", "a.com", -1, "GET", "/").rule()).isEqualTo("egress[1]");
        assertThat(engine.decideHttp("https", "a.com", 80, "GET", "/").rule()).isEqualTo("egress[0]");
    }

    @Test
    void methodAndPathConstraintsApplyToUrlLevelDecisionsOnly() {
        PolicyEngine engine = egress(
                "{ to: \"127.0.0.1:8080\", http: { methods: [get, POST], paths: [\"/v1/*\", \"/health\"] } }");

        assertThat(engine.decideHttp("http", "127.0.0.1", 8080, "post", "/v1/chat").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHttp("http", "127.0.0.1", 8080, "GET", "/health").allowed()).isTrue();

        Verdict method = engine.decideHttp("http", "127.0.0.1", 8080, "delete", "/v1/chat");
        assertThat(method.allowed()).isFalse();
        assertThat(method.rule()).isEqualTo("egress[0]");
        assertThat(method.ruleTarget()).isEqualTo("127.0.0.1:8080");
        assertThat(method.reason()).isEqualTo("egress[0] (127.0.0.1:8080) does not allow method DELETE");

        Verdict path = engine.decideHttp("http", "127.0.0.1", 8080, "GET", "/admin");
        assertThat(path.reason()).isEqualTo("egress[0] (127.0.0.1:8080) does not allow path /admin");
        assertThat(engine.decideHttp("http", "127.0.0.1", 8080, "GET", "").reason())
                .isEqualTo("egress[0] (127.0.0.1:8080) does not allow path /");
        assertThat(engine.decideHttp("http", "127.0.0.1", 8080, "GET", "/v1/a/b").allowed()).isFalse();

        Verdict socket = engine.decideAddress(ipv4(127, 0, 0, 1), 8080);
        assertThat(socket.allowed()).isTrue();
        assertThat(socket.urlLevelOnly()).as("a socket there is allowed only as a URL-level client's connection").isTrue();
        assertThat(engine.decideHostPort("127.0.0.1", 8080).urlLevelOnly()).isTrue();
    }

    @Test
    void aProxyRuleAllowsSocketsOnlyAsAMediatedClientsConnection() {
        PolicyEngine engine = egress("{ to: \"proxy.corp:3128\", proxy: true }", "to: \"api.example.com:443\"");

        Verdict proxy = engine.decideHostPort("proxy.corp", 3128, false);
        assertThat(proxy.allowed()).isTrue();
        assertThat(proxy.proxy()).isTrue();
        assertThat(proxy.urlLevelOnly()).isTrue();
        assertThat(proxy.reason()).isEqualTo("allowed by egress[0] (proxy.corp:3128) as a proxy");
        Verdict direct = engine.decideHostPort("api.example.com", 443, false);
        assertThat(direct.proxy()).isFalse();
        assertThat(direct.urlLevelOnly()).isFalse();
    }

    @Test
    void aRuleWithoutHttpConstraintsAllowsRawSocketsEvenAfterOneWithThem() {
        PolicyEngine engine = egress(
                "{ to: \"api.example.com:443\", http: { paths: [\"/v1/**\"] } }",
                "to: \"*.example.com:443\"",
                "{ to: \"10.0.0.0/8\", http: { methods: [GET] } }",
                "to: \"10.1.0.0/16:443\"");

        Verdict byName = engine.decideHostPort("api.example.com", 443, false);
        assertThat(byName.allowed()).isTrue();
        assertThat(byName.urlLevelOnly()).isFalse();
        assertThat(byName.rule()).isEqualTo("egress[1]");
        assertThat(engine.decideHttp("https", "api.example.com", -1, "GET", "/v1/a").urlLevelOnly())
                .as("the request itself is decided by the constrained rule").isTrue();

        assertThat(engine.decideAddress(ipv4(10, 1, 2, 3), 443).urlLevelOnly()).isFalse();
        Verdict onlyUrlLevel = engine.decideAddress(ipv4(10, 2, 2, 3), 443);
        assertThat(onlyUrlLevel.allowed()).isTrue();
        assertThat(onlyUrlLevel.urlLevelOnly()).isTrue();
        assertThat(onlyUrlLevel.rule()).isEqualTo("egress[2]");
        assertThat(engine.decidesSocketsAtUrlLevel()).isTrue();
        assertThat(egress("to: \"*.example.com:443\"").decidesSocketsAtUrlLevel())
                .as("without http: or proxy: no request need be remembered").isFalse();
    }

    @Test
    void doubleStarPathsSpanSegments() {
        PolicyEngine engine = egress("{ to: api.example.com, http: { paths: [\"/v1/**\"] } }");

        assertThat(engine.decideHttp("https", "api.example.com", -1, "GET", "/v1").allowed()).isTrue();
        assertThat(engine.decideHttp("https", "api.example.com", -1, "GET", "/v1/a/b/c").allowed()).isTrue();
        assertThat(engine.decideHttp("https", "api.example.com", -1, "GET", "/v2/a").allowed()).isFalse();
    }

    @Test
    void pathsAServerCouldReinterpretNeverMatchAPathConstraint() {
        PolicyEngine engine = egress("{ to: \"a.com:443\", http: { paths: [\"/public/**\"] } }", "to: \"b.com:443\"");

        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/x;v=1").allowed()).isTrue();
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/../admin").reason())
                .isEqualTo("egress[0] (a.com:443) does not allow path /public/../admin");
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/..;/admin").allowed()).isFalse();
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/./x").allowed()).isFalse();
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/%2e%2E/admin").allowed()).isFalse();
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/a%2Fb").allowed()).isFalse();
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/a\\b").allowed()).isFalse();
        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/public/...").allowed()).isTrue();
        // Without a path constraint there is nothing to get around.
        assertThat(engine.decideHttp("https", "b.com", -1, "GET", "/public/../admin").allowed()).isTrue();
    }

    @Test
    void theFirstAllowingRuleInFileOrderDecides() {
        PolicyEngine engine = egress(
                "{ to: \"*.example.com:443\", http: { methods: [GET] } }",
                "to: \"api.example.com\"",
                "to: \"*\"",
                "to: \"api.example.com:443\"");

        assertThat(engine.decideHttp("https", "api.example.com", -1, "GET", "/").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHttp("https", "api.example.com", -1, "POST", "/").rule()).isEqualTo("egress[1]");
        assertThat(engine.decideHttp("https", "other.net", -1, "POST", "/").rule()).isEqualTo("egress[2]");
        // a socket: the first rule that allows it without HTTP constraints
        assertThat(engine.decideHostPort("api.example.com", 443).rule()).isEqualTo("egress[1]");
        assertThat(engine.decideLookup("api.example.com").rule()).isEqualTo("egress[0]");
    }

    @Test
    void anEarlierWildcardBeatsALaterExactRule() {
        PolicyEngine engine = egress("to: \"*\"", "to: \"10.0.0.1\"", "to: \"*.a.com\"", "to: \"x.a.com\"");

        assertThat(engine.decideAddress(ipv4(10, 0, 0, 1), 1).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("x.a.com", 1).rule()).isEqualTo("egress[0]");
        PolicyEngine noStar = egress("to: \"*.a.com\"", "to: \"x.a.com\"");
        assertThat(noStar.decideHostPort("x.a.com", 1).rule()).isEqualTo("egress[0]");
    }

    @Test
    void theFirstPartialMatchExplainsADenial() {
        PolicyEngine engine = egress(
                "{ to: \"a.com:443\", http: { methods: [GET] } }",
                "{ to: \"a.com:443\", http: { paths: [/ok] } }");

        assertThat(engine.decideHttp("https", "a.com", -1, "GET", "/x").rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHttp("https", "a.com", -1, "PUT", "/ok").rule()).isEqualTo("egress[1]");
        assertThat(engine.decideHttp("https", "a.com", -1, "PUT", "/x").reason())
                .isEqualTo("egress[0] (a.com:443) does not allow method PUT");
    }

    @Test
    void lookupsAreAllowedWhenSomeRuleCouldAllowTheName() {
        PolicyEngine engine = egress("to: \"api.openai.com:443\"", "to: \"*.wikipedia.org:443\"", "to: \"10.0.0.0/8\"");

        Verdict exact = engine.decideLookup("api.openai.com");
        assertThat(exact.allowed()).isTrue();
        assertThat(exact.rule()).isEqualTo("egress[0]");
        assertThat(exact.reason()).isEqualTo("allowed by egress[0] (api.openai.com:443)");
        assertThat(engine.decideLookup("en.wikipedia.org").rule()).isEqualTo("egress[1]");
        assertThat(engine.decideLookup("wikipedia.org").reason())
                .isEqualTo("no egress rule allows host wikipedia.org");
        assertThat(engine.decideLookup("evil.example").reason()).isEqualTo("no egress rule allows host evil.example");
    }

    @Test
    void lookingUpAnIpLiteralIsAlwaysAllowed() {
        PolicyEngine engine = egress();

        for (String literal : new String[] {"10.1.2.3", "::1", "[2001:db8::1]", "fe80::1%eth0"}) {
            Verdict verdict = engine.decideLookup(literal);
            assertThat(verdict.allowed()).as(literal).isTrue();
            assertThat(verdict.rule()).as(literal).isNull();
            assertThat(verdict.reason()).as(literal).isEqualTo("an IP literal needs no lookup");
        }
        assertThat(engine.decideLookup("10.1.2").allowed()).isFalse();
    }

    @Test
    void hostTextThatIsNotADottedQuadIsAName() {
        PolicyEngine engine = egress("to: \"10.0.0.1\"", "to: \"0x0a.example\"");

        assertThat(engine.decideHostPort("010.0.0.1", 1).rule()).isEqualTo("egress[0]");
        assertThat(engine.decideHostPort("167772161", 1).allowed()).isFalse();
        assertThat(engine.decideHostPort("0x0a.example", 1).rule()).isEqualTo("egress[1]");
    }

    @Test
    void addressesOfOtherLengthsAreDenied() {
        assertThat(egress("to: \"*\"").decideAddress(new byte[5], 80).reason())
                .isEqualTo("not an IP address: 5 bytes");
    }

    @Test
    void allowVerdictsArePreBuiltPerRule() {
        PolicyEngine engine = egress("to: \"a.com\"");

        assertThat(engine.decideHostPort("a.com", 1)).isSameAs(engine.decideLookup("a.com"))
                .isSameAs(engine.decideHttp("https", "A.COM", -1, "GET", "/"));
    }

    @Test
    void theBriefExampleDecidesAsWritten() throws Exception {
        String yaml;
        try (InputStream in = getClass().getResourceAsStream("/support-bot.yaml")) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        PolicyEngine engine = PolicyEngine.compile(PolicyParser.parse(yaml, "support-bot.yaml"));

        assertThat(engine.decideHttp("https", "api.openai.com", -1, "POST", "/v1/chat/completions").rule())
                .isEqualTo("egress[0]");
        assertThat(engine.decideHttp("https", "api.openai.com", -1, "POST", "/v1/files").reason())
                .isEqualTo("egress[0] (api.openai.com:443) does not allow path /v1/files");
        assertThat(engine.decideAddress(ipv4(127, 0, 0, 1), 5432).rule()).isEqualTo("egress[1]");
        // Segment rules narrow per tool; they are not part of the policy-wide egress.
        assertThat(engine.decideLookup("en.wikipedia.org").allowed()).isFalse();
    }

    @Test
    void aRuleRequiringTlsRefusesPlaintextUrls() {
        PolicyEngine engine = egress("to: \"api.example.com\"\n    tls: required", "to: \"plain.example.com\"\n    tls: optional",
                "to: \"127.0.0.1\"", "to: \"10.0.0.0/8\"");

        Verdict plaintext = engine.decideHttp("http", "api.example.com", -1, "POST", "/v1");
        assertThat(plaintext.allowed()).isFalse();
        assertThat(plaintext.rule()).isEqualTo("egress[0]");
        assertThat(plaintext.reason()).isEqualTo(
                "plaintext http:// to api.example.com:80 refused: egress[0] (api.example.com) requires TLS");
        assertThat(engine.decideHttp("ws", "api.example.com", 8443, "GET", "/").allowed()).isFalse();
        assertThat(engine.decideHttp("https", "api.example.com", -1, "POST", "/v1").allowed()).isTrue();
        assertThat(engine.decideHttp("http", "plain.example.com", -1, "GET", "/").allowed()).isTrue();
        // no tls: given: plaintext only to loopback
        assertThat(engine.decideHttp("http", "127.0.0.1", 8080, "GET", "/").allowed()).isTrue();
        assertThat(engine.decideHttp("http", "10.1.2.3", 8080, "GET", "/").allowed()).isFalse();
        assertThat(engine.decideHttp("http", "localhost", 8080, "GET", "/").allowed()).isFalse(); // no rule for the name
    }

    @Test
    void aRuleRequiringTlsRefusesSocketsToPlaintextPortsOnly() {
        PolicyEngine engine = egress("to: \"mail.example.com\"", "to: \"10.0.0.0/8\"\n    tls: optional",
                "to: \"127.0.0.1\"\n    tls: required");

        Verdict smtp = engine.decideHostPort("mail.example.com", 25, false);
        assertThat(smtp.allowed()).isFalse();
        assertThat(smtp.reason()).startsWith("plaintext port 25 (mail.example.com:25) refused: egress[0]");
        assertThat(engine.decideHostPort("mail.example.com", 465, false).allowed()).isTrue();
        assertThat(engine.decideHostPort("mail.example.com", 25, true).allowed()).isTrue();
        assertThat(engine.decideAddress(ipv4(10, 1, 2, 3), 80).allowed()).isTrue();
        assertThat(engine.decideAddress(ipv4(127, 0, 0, 1), 80).allowed()).isFalse();
        assertThat(engine.decideAddress(ipv4(127, 0, 0, 1), 5432).allowed()).isTrue();
    }

    @Test
    void loopbackLiteralsAreRecognised() {
        assertThat(PlaintextPolicy.isLoopbackLiteral("localhost")).isTrue();
        assertThat(PlaintextPolicy.isLoopbackLiteral("127.0.0.5")).isTrue();
        assertThat(PlaintextPolicy.isLoopbackLiteral("[::1]")).isTrue();
        assertThat(PlaintextPolicy.isLoopbackLiteral("::ffff:127.0.0.1")).isTrue();
        assertThat(PlaintextPolicy.isLoopbackLiteral("128.0.0.1")).isFalse();
        assertThat(PlaintextPolicy.isLoopbackLiteral("localhost.evil.com")).isFalse();
        assertThat(PlaintextPolicy.isLoopback(ipv6(0, 0, 0, 0, 0, 0, 0, 1))).isTrue();
    }
}
