package dev.warden.bench;

/**
 * A policy-format-1 YAML document with a given number of egress rules, cycling through three shapes:
 * exact hosts with an HTTP method and path-glob constraint, {@code *.suffix} hosts on a port range, and /24 CIDRs
 * on a single port. It also names requests that hit the last rule of each shape (so an engine that
 * scanned its rules in order would pay for the whole list) and requests no rule allows.
 */
final class GeneratedEgressPolicy {

    private final int ruleCount;
    private final String yaml;

    GeneratedEgressPolicy(int ruleCount) {
        if (ruleCount < 3) {
            throw new IllegalArgumentException("need at least one rule of each shape");
        }
        this.ruleCount = ruleCount;
        StringBuilder out = new StringBuilder("policy: bench-").append(ruleCount).append("-rules\nmode: enforce\negress:\n");
        for (int i = 0; i < ruleCount; i++) {
            switch (i % 3) {
                case 0 -> out.append("  - to: \"").append(exactHost(i)).append(":443\"\n")
                        .append("    http: { methods: [GET, POST], paths: [\"").append(apiPrefix(i)).append("/**\"] }\n");
                case 1 -> out.append("  - to: \"*.").append(suffixDomain(i)).append(":8000-8999\"\n");
                default -> out.append("  - to: \"").append(cidrNetwork(i)).append(".0/24:5432\"\n");
            }
        }
        this.yaml = out.toString();
    }

    String yaml() {
        return yaml;
    }

    // --- a request the last rule of each shape allows

    String allowedHttpHost() {
        return exactHost(lastIndexOfShape(0));
    }

    String allowedHttpPath() {
        return apiPrefix(lastIndexOfShape(0)) + "/chat/completions";
    }

    String allowedSuffixHost() {
        return "api." + suffixDomain(lastIndexOfShape(1));
    }

    int allowedSuffixPort() {
        return 8443;
    }

    byte[] allowedAddress() {
        int i = lastIndexOfShape(2);
        return new byte[] {10, (byte) second(i), (byte) third(i), 77};
    }

    int allowedAddressPort() {
        return 5432;
    }

    // --- requests no rule allows, close to allowed ones so matchers have to look

    String deniedHost() {
        return exactHost(ruleCount + 3);
    }

    String deniedSuffixHost() {
        return "api.tenant-" + ruleCount + ".example.org";
    }

    byte[] deniedAddress() {
        return new byte[] {10, (byte) 200, 1, 1};
    }

    private int lastIndexOfShape(int shape) {
        int last = (ruleCount - 1) / 3 * 3 + shape;
        return last < ruleCount ? last : last - 3;
    }

    private static String exactHost(int i) {
        return "svc-" + i + ".internal.example.com";
    }

    private static String apiPrefix(int i) {
        return "/api/v1/svc-" + i;
    }

    private static String suffixDomain(int i) {
        return "tenant-" + i + ".example.net";
    }

    /** 10.x.y.0/24, unique for up to 65536 rules; the second octet stays below 200 for the rule counts used. */
    private static String cidrNetwork(int i) {
        return "10." + second(i) + "." + third(i);
    }

    private static int second(int i) {
        return i / 256 % 256;
    }

    private static int third(int i) {
        return i % 256;
    }
}
