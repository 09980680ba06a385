package dev.warden.policy.decide;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.warden.policy.EgressRule;
import dev.warden.policy.HostPattern;
import dev.warden.policy.HostPattern.AnyHost;
import dev.warden.policy.HostPattern.ExactName;
import dev.warden.policy.HostPattern.IpPrefix;
import dev.warden.policy.HostPattern.NameSuffix;
import dev.warden.policy.IpLiterals;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.PolicySections;

/** A 5,000-rule policy: decisions stay correct (checked against a plain scan), allocation-free and fast. */
class LargePolicyTest {

    private static final int RULES = 5_000;

    private static Policy policy;
    private static PolicyEngine engine;

    @BeforeAll
    static void compileLargePolicy() throws Exception {
        StringBuilder yaml = new StringBuilder("policy: large\negress:\n");
        for (int i = 0; i < RULES; i++) {
            yaml.append("  - to: \"").append(target(i)).append("\"\n");
            if (i % 5 == 2) {
                yaml.append("    tls: optional\n"); // plaintext http to these is allowed, and decided allocation-free
            }
        }
        policy = PolicyParser.parse(yaml.toString(), "large.yaml");
        engine = PolicyEngine.compile(policy);
    }

    /** Exact names, suffixes, IPv4 blocks and IPv6 blocks, overlapping on purpose. */
    private static String target(int i) {
        switch (i % 5) {
            case 0:
                return "svc" + i + ".team" + (i % 97) + ".example.com:" + (1024 + i % 1000);
            case 1:
                return "*.team" + (i % 97) + ".example.com:" + (8000 + i % 50) + "-" + (8100 + i % 50);
            case 2:
                return "10." + (i / 256 % 256) + "." + (i % 256) + ".0/24:" + (5000 + i % 100);
            case 3:
                return "[fd00:" + Integer.toHexString(i) + "::/32]:443";
            default:
                return "10." + (i % 256) + ".0.0/16:" + (6000 + i % 10);
        }
    }

    @Test
    void decidesSpecificRulesByIndex() {
        assertThat(policy.rules().get(PolicySections.EGRESS)).hasSize(RULES);

        assertThat(engine.decideHttp("http", "svc4000.team23.example.com", 1024 + 4000 % 1000, "GET", "/").rule())
                .isEqualTo("egress[4000]");
        assertThat(engine.decideHostPort("svc4000.team23.example.com", 1025).allowed()).isFalse();
        assertThat(engine.decideHostPort("x.team1.example.com", 8030).rule()).isEqualTo("egress[1]");
        assertThat(engine.decideHostPort("x.team6.example.com", 8030).rule()).isEqualTo("egress[6]");
        assertThat(engine.decideHostPort("team1.example.com", 8030).allowed()).isFalse();
        assertThat(engine.decideAddress(new byte[] {10, 15, (byte) 162, 77}, 5002).rule()).isEqualTo("egress[4002]");
        assertThat(engine.decideHostPort("fd00:fa3::1", 443).rule()).isEqualTo("egress[4003]");
        assertThat(engine.decideHostPort("nobody.example.org", 443).reason())
                .isEqualTo("no egress rule allows nobody.example.org:443");
        // For a lookup any port will do, so the earlier "*.team23.example.com:8011-8111" decides.
        assertThat(policy.rules().get(PolicySections.EGRESS).get(411).to()).isEqualTo("*.team23.example.com:8011-8111");
        assertThat(engine.decideLookup("svc4000.team23.example.com").rule()).isEqualTo("egress[411]");
        assertThat(engine.decideLookup("a.team23.example.com").allowed()).isTrue();
        assertThat(engine.decideLookup("svc4000.team24.example.org").allowed()).isFalse();
    }

    @Test
    void agreesWithAPlainScanOverAllRules() {
        Random random = new Random(42);
        int allowedByName = 0;
        int allowedByAddress = 0;
        for (int n = 0; n < 20_000; n++) {
            int i = random.nextInt(RULES);
            int port = random.nextInt(4) == 0 ? random.nextInt(9000) : portNear(i, random);
            String host = hostNear(i, random);
            Verdict byName = engine.decideHostPort(host, port);
            assertThat(byName.rule()).as("%s:%d", host, port).isEqualTo(firstByName(host, port));
            allowedByName += byName.allowed() ? 1 : 0;

            long address = addressNear(i, random);
            byte[] bytes = {10, (byte) (address >> 16), (byte) (address >> 8), (byte) address};
            Verdict byAddress = engine.decideAddress(bytes, port);
            assertThat(byAddress.rule()).as("address %d:%d", address, port).isEqualTo(firstByIpv4(address, port));
            allowedByAddress += byAddress.allowed() ? 1 : 0;
        }
        // Both outcomes must be well represented, or the comparison proves little.
        assertThat(allowedByName).isBetween(1_000, 19_000);
        assertThat(allowedByAddress).isBetween(1_000, 19_000);
    }

    @Test
    void allowingAllocatesNothing() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemoryEnabled());
        byte[] address = {10, 15, (byte) 162, 77};
        int allowed = 0;
        for (int warmUp = 0; warmUp < 20_000; warmUp++) {
            allowed += decideAllowedMix(address);
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int n = 0; n < 100_000; n++) {
            allowed += decideAllowedMix(address);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;

        assertThat(allowed).isEqualTo(120_000 * 6);
        assertThat(allocated).as("bytes allocated by 600,000 allowed decisions").isLessThan(1_000);
    }

    /** Six allowed decisions of every kind; returns how many were allowed. */
    private static int decideAllowedMix(byte[] address) {
        int allowed = 0;
        allowed += engine.decideHttp("https", "SVC4000.team23.example.com.", 1024, "get", "/v1").allowed() ? 1 : 0;
        allowed += engine.decideHostPort("deep.x.team6.example.com", 8030).allowed() ? 1 : 0;
        allowed += engine.decideAddress(address, 5002).allowed() ? 1 : 0;
        allowed += engine.decideHostPort("[fd00:fa3::1]", 443).allowed() ? 1 : 0;
        allowed += engine.decideHttp("http", "10.15.162.9", 5002, "GET", "").allowed() ? 1 : 0;
        allowed += engine.decideLookup("a.team23.example.com").allowed() ? 1 : 0;
        return allowed;
    }

    private static int portNear(int i, Random random) {
        String target = target(i);
        String ports = target.substring(target.lastIndexOf(':') + 1);
        int low = Integer.parseInt(ports.split("-")[0]);
        return low + random.nextInt(3) - 1;
    }

    /** An address in or next to rule i's block when it is IPv4, else any address in 10/8. */
    private static long addressNear(int i, Random random) {
        String target = target(i);
        if (!target.startsWith("10.") || random.nextInt(4) == 0) {
            return 0x0a000000L | random.nextInt(1 << 24);
        }
        String block = target.substring(0, target.indexOf('/'));
        long network = IpLiterals.parseIpv4(block, 0, block.length());
        return network + random.nextInt(target.contains("/16") ? 1 << 16 : 1 << 8);
    }

    private static String hostNear(int i, Random random) {
        String target = target(i);
        String host = target.startsWith("[") ? target.substring(1, target.indexOf(']'))
                : target.substring(0, target.lastIndexOf(':'));
        switch (random.nextInt(5)) {
            case 0:
                return host.replace("*.", "");
            case 1:
                return host.replace("*", "a.b");
            case 2:
                return host.toUpperCase(Locale.ROOT).replace("*", "x") + ".";
            case 3:
                return "svc" + random.nextInt(RULES) + ".team" + random.nextInt(100) + ".example.com";
            default:
                return host.replace("*", "x").replace("/32", "").replace("0/24", "9").replace("0.0/16", "1.1");
        }
    }

    /** The reference: the first rule, by a plain scan, that allows this host text on this port. */
    private static String firstByName(String host, int port) {
        String name = host.toLowerCase(Locale.ROOT);
        name = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        long ipv4 = IpLiterals.parseIpv4(name, 0, name.length());
        long[] ipv6 = new long[2];
        boolean isIpv6 = IpLiterals.parseIpv6(host, 0, host.length(), ipv6);
        for (EgressRule rule : policy.rules().get(PolicySections.EGRESS)) {
            if (!rule.target().ports().contains(port)) {
                continue;
            }
            HostPattern pattern = rule.target().host();
            boolean matches;
            if (pattern instanceof AnyHost) {
                matches = true;
            } else if (pattern instanceof ExactName exact) {
                matches = ipv4 < 0 && !isIpv6 && name.equals(exact.name());
            } else if (pattern instanceof NameSuffix suffix) {
                matches = ipv4 < 0 && !isIpv6 && name.endsWith("." + suffix.suffix())
                        && name.length() > suffix.suffix().length() + 1;
            } else {
                IpPrefix prefix = (IpPrefix) pattern;
                matches = prefix.ipv6()
                        ? isIpv6 && inBlock(ipv6[0], ipv6[1], prefix)
                        : ipv4 >= 0 && inBlock(0, ipv4, prefix);
            }
            if (matches) {
                return rule.id();
            }
        }
        return null;
    }

    private static String firstByIpv4(long address, int port) {
        for (EgressRule rule : policy.rules().get(PolicySections.EGRESS)) {
            HostPattern pattern = rule.target().host();
            if (rule.target().ports().contains(port) && pattern instanceof IpPrefix prefix && !prefix.ipv6()
                    && inBlock(0, address, prefix)) {
                return rule.id();
            }
        }
        return null;
    }

    private static boolean inBlock(long high, long low, IpPrefix prefix) {
        for (int bit = 0; bit < prefix.prefixLength(); bit++) {
            int fromBottom = prefix.addressBits() - 1 - bit;
            if (bitAt(high, low, fromBottom) != bitAt(prefix.high(), prefix.low(), fromBottom)) {
                return false;
            }
        }
        return true;
    }

    /** Bit {@code index} counted from the least significant end of the 128-bit (high, low). */
    private static long bitAt(long high, long low, int index) {
        return index >= 64 ? (high >>> (index - 64)) & 1 : (low >>> index) & 1;
    }
}
