package dev.warden.agent.decide;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.PolicyEngine;
import java.net.InetAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class EgressDeciderTest {

    private static final String POLICY = """
            policy: decider-test
            mode: %s
            egress:
              - to: "api.example.com:443"
                http: { methods: [POST], paths: ["/v1/**"] }
              - to: "10.1.0.0/16:5432"
            """;

    private final ResolvedNames resolved = new ResolvedNames(16);

    private EgressDecider decider(String mode) throws Exception {
        return new EgressDecider(new ActivePolicy(
                PolicyEngine.compile(PolicyParser.parse(POLICY.formatted(mode), "test.yaml")), 0, "test"), resolved);
    }

    private static InetAddress address(String name, int... bytes) throws Exception {
        byte[] raw = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            raw[i] = (byte) bytes[i];
        }
        return InetAddress.getByAddress(name, raw);
    }

    @Test
    void aNameNoRuleCouldAllowIsNotLookedUp() throws Exception {
        Decision decision = decider("enforce").lookup("exfil.attacker.example");

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.rule()).isEqualTo(Decision.DEFAULT_DENY);
        assertThat(decision.reason()).isEqualTo("no egress rule allows host exfil.attacker.example");
    }

    @Test
    void localhostIsAlwaysResolvable() throws Exception {
        Decision decision = decider("enforce").lookup("localhost");

        assertThat(decision.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(decision.rule()).isEqualTo("local-host-name");
    }

    @Test
    void anAllowedNameOpensOnlyTheAddressesItsLookupReturned() throws Exception {
        EgressDecider decider = decider("enforce");
        decider.resolved("API.example.com.", new InetAddress[] {address(null, 203, 0, 113, 7)});

        Decision resolvedAddress = decider.connect(address("api.example.com", 203, 0, 113, 7), 443);
        Decision forgedAddress = decider.connect(address("api.example.com", 198, 51, 100, 9), 443);

        // the name's rule applies to the address it resolved to; having http: constraints, it takes
        // only a mediated HTTP client's connection, which a connect from this test is not
        assertThat(resolvedAddress.rule()).isEqualTo("egress[0]");
        assertThat(resolvedAddress.reason()).contains("egress[0] (api.example.com:443) has http: constraints");
        assertThat(forgedAddress.outcome()).isEqualTo(Outcome.DENY);
        assertThat(forgedAddress.reason()).isEqualTo(
                "198.51.100.9 was not returned by a lookup of api.example.com, so the rule for api.example.com does not apply");
    }

    @Test
    void aResolvedNameOnAnotherPortIsDeniedWithTheNameInTheReason() throws Exception {
        EgressDecider decider = decider("enforce");
        decider.resolved("api.example.com", new InetAddress[] {address(null, 203, 0, 113, 7)});

        Decision decision = decider.connect(address(null, 203, 0, 113, 7), 80);

        assertThat(decision.outcome()).isEqualTo(Outcome.DENY);
        assertThat(decision.reason()).contains("api.example.com:80");
    }

    @Test
    void addressRulesNeedNoLookup() throws Exception {
        Decision inside = decider("enforce").connect(address(null, 10, 1, 200, 3), 5432);
        Decision outside = decider("enforce").connect(address(null, 10, 2, 0, 1), 5432);

        assertThat(inside.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(inside.rule()).isEqualTo("egress[1]");
        assertThat(outside.outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void urlLevelRequestsAreDecidedOnMethodAndPath() throws Exception {
        EgressDecider decider = decider("enforce");

        assertThat(decider.http(URI.create("https://api.example.com/v1/chat"), "POST").outcome()).isEqualTo(Outcome.ALLOW);
        Decision wrongMethod = decider.http(URI.create("https://api.example.com/v1/chat"), "DELETE");
        assertThat(wrongMethod.outcome()).isEqualTo(Outcome.DENY);
        assertThat(wrongMethod.reason()).contains("does not allow method DELETE");
        assertThat(decider.http(URI.create("https://api.example.com/admin"), "POST").outcome()).isEqualTo(Outcome.DENY);
    }

    @Test
    void auditModeRecordsWhatEnforceWouldDenyWithoutBlocking() throws Exception {
        Decision decision = decider("audit").connect(address(null, 192, 0, 2, 1), 22);

        assertThat(decision.outcome()).isEqualTo(Outcome.AUDIT_DENY);
        assertThat(decision.blocks()).isFalse();
        assertThat(decision.outcome().label()).isEqualTo("audit-deny");
    }

    @Test
    void claimedNameIsReadWithoutAReverseLookup() throws Exception {
        assertThat(EgressDecider.claimedName(address("db.internal", 10, 0, 0, 1))).isEqualTo("db.internal");
        assertThat(EgressDecider.claimedName(address(null, 10, 0, 0, 1))).isNull();
    }

    @Test
    void aReplacedPolicyDecidesFromThenOnAndDecisionsNameThePolicyThatMadeThem() throws Exception {
        EgressDecider decider = decider("enforce");
        InetAddress ssh = address(null, 192, 0, 2, 1);
        Decision before = decider.connect(ssh, 22);

        decider.replace(new ActivePolicy(PolicyEngine.compile(PolicyParser.parse(
                "policy: next\negress:\n  - to: \"192.0.2.0/24:22\"\n", "next.yaml")), 2, "bundle next"));
        Decision after = decider.connect(ssh, 22);

        assertThat(before.outcome()).isEqualTo(Outcome.DENY);
        assertThat(before.policy().name()).isEqualTo("decider-test");
        assertThat(after.outcome()).isEqualTo(Outcome.ALLOW);
        assertThat(after.policy().name()).isEqualTo("next");
        assertThat(after.policy().revision()).isEqualTo(2);
    }

    @Test
    void everyDecisionUnderConcurrentReloadsIsTheDecisionOfOnePolicyInFull() throws Exception {
        ActivePolicy sshOnly = new ActivePolicy(PolicyEngine.compile(PolicyParser.parse(
                "policy: ssh-only\negress:\n  - to: \"192.0.2.0/24:22\"\n", "a.yaml")), 1, "a");
        ActivePolicy telnetOnly = new ActivePolicy(PolicyEngine.compile(PolicyParser.parse(
                "policy: telnet-only\negress:\n  - to: \"192.0.2.0/24:23\"\n", "b.yaml")), 2, "b");
        EgressDecider decider = new EgressDecider(sshOnly, resolved);
        InetAddress host = address(null, 192, 0, 2, 9);
        java.util.concurrent.atomic.AtomicInteger inconsistent = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);

        Thread flipper = new Thread(() -> {
            for (int flip = 0; running.get(); flip++) {
                decider.replace(flip % 2 == 0 ? telnetOnly : sshOnly);
            }
        });
        flipper.start();
        java.util.List<Thread> callers = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread caller = new Thread(() -> {
                for (int n = 0; n < 50_000; n++) {
                    Decision ssh = decider.connect(host, 22);
                    boolean sshAllowedByItsPolicy = ssh.policy() == sshOnly;
                    if ((ssh.outcome() == Outcome.ALLOW) != sshAllowedByItsPolicy) {
                        inconsistent.incrementAndGet();
                    }
                }
            });
            callers.add(caller);
            caller.start();
        }
        for (Thread caller : callers) {
            caller.join();
        }
        running.set(false);
        flipper.join();

        assertThat(inconsistent).hasValue(0);
    }
}
