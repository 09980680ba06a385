package dev.warden.policy.decide;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

import dev.warden.policy.EgressRule;
import dev.warden.policy.FileAccess;
import dev.warden.policy.FileRule;
import dev.warden.policy.IpLiterals;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicySection;
import dev.warden.policy.PolicySections;
import dev.warden.policy.RuleSections;
import dev.warden.policy.Segment;

/**
 * Decides requests against one compiled {@link Policy}. Immutable and thread-safe; never resolves
 * names or touches the network. An allow verdict is pre-built per rule, so allowing allocates
 * nothing; deny verdicts are built on demand. See {@link EgressCompiler} for what egress rules mean.
 *
 * <p>Every declared section ({@link PolicySection}) is compiled into its matcher; the format 1
 * sections' matchers are also kept in fields, so that their typed {@code decide...} methods find
 * them without a lookup.
 */
public final class PolicyEngine {

    private static final Verdict IP_LITERAL_LOOKUP = Verdict.allowedWithoutRule("an IP literal needs no lookup");

    private final Policy policy;
    private final Map<PolicySection<?, ?>, Object> matchers;
    private final EgressMatcher egress;
    private final FileMatcher files;
    private final DatabaseRules databases;
    private final ProcessDecider processes;
    private final ToolMatcher tools;
    private final Segments segments;
    private final boolean socketsAtUrlLevel;

    private PolicyEngine(Policy policy, Map<PolicySection<?, ?>, Object> matchers, Segments segments) {
        this.policy = policy;
        this.matchers = Map.copyOf(matchers);
        this.egress = matcher(PolicySections.EGRESS);
        this.files = matcher(PolicySections.FILES);
        this.databases = matcher(PolicySections.DATABASES);
        this.processes = matcher(PolicySections.PROCESSES);
        this.tools = matcher(PolicySections.TOOLS);
        this.segments = segments;
        this.socketsAtUrlLevel = socketsAtUrlLevel(policy);
    }

    /**
     * Whether some egress rule, global or in a segment, allows sockets only as a mediated client's
     * connection ({@code http:} constraints or {@code proxy: true}): only then must the allowed
     * requests be remembered for the connects that follow them.
     */
    public boolean decidesSocketsAtUrlLevel() {
        return socketsAtUrlLevel;
    }

    private static boolean socketsAtUrlLevel(Policy policy) {
        if (anyAtUrlLevel(policy.rules().get(PolicySections.EGRESS))) {
            return true;
        }
        for (Segment segment : policy.segments()) {
            if (segment.narrows(PolicySections.EGRESS) && anyAtUrlLevel(segment.rules().get(PolicySections.EGRESS))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyAtUrlLevel(List<EgressRule> rules) {
        for (EgressRule rule : rules) {
            if (Candidate.urlLevelOnly(rule)) {
                return true;
            }
        }
        return false;
    }

    /** Compiles without path variables: a {@code files} rule that uses one matches nothing. */
    public static PolicyEngine compile(Policy policy) {
        return compile(policy, PathVariables.none());
    }

    /** Compiles with the values of the {@code ${...}} variables that {@code files} paths may use. */
    public static PolicyEngine compile(Policy policy, PathVariables pathVariables) {
        Map<PolicySection<?, ?>, Object> matchers = new HashMap<>();
        for (PolicySection<?, ?> section : policy.rules().declared().all()) {
            matchers.put(section, compile(section, policy.rules(), pathVariables));
        }
        return new PolicyEngine(policy, matchers, Segments.compile(policy, pathVariables));
    }

    private static <S, M> M compile(PolicySection<S, M> section, RuleSections rules, PathVariables pathVariables) {
        return section.compile(rules.get(section), pathVariables);
    }

    /** {@code section}'s compiled rules. */
    @SuppressWarnings("unchecked") // put by compile(section, ...) only
    public <M> M matcher(PolicySection<?, M> section) {
        M matcher = (M) matchers.get(section);
        if (matcher == null) {
            throw new IllegalArgumentException("section '" + section + "' is not declared for policy " + policy.name());
        }
        return matcher;
    }

    /** The scope of an AI tool call by tool name, or null when no segment names that tool. */
    public Scope toolScope(String tool) {
        return segments.tool(tool);
    }

    /** Whether any segment selects code by package: only then is the caller's class worth finding. */
    public boolean hasCodeSegments() {
        return segments.hasCode();
    }

    /** The scope of code in {@code className} (binary name), or null when no code segment holds it. */
    public Scope codeScope(String className) {
        return segments.code(className);
    }

    /** The compiled {@code databases} rules. */
    public DatabaseRules databases() {
        return databases;
    }

    public Policy policy() {
        return policy;
    }

    /**
     * A URL-level request.
     *
     * @param scheme {@code http}, {@code https}, {@code ws} or {@code wss} (any case); gives the port when
     *     {@code port} is -1; may be null
     * @param host a DNS name or IP literal (IPv6 with or without brackets)
     * @param port the port, or -1 for the scheme's default
     * @param method the HTTP method, any case
     * @param path the raw path without query; null or empty means {@code /}
     *     <p>A plaintext scheme ({@code http}, {@code ws}) under a rule that requires TLS is denied by that
     *     rule; without {@code tls:} only towards {@code localhost} or a loopback IP literal (a name is not
     *     taken for loopback by what it resolves to: DNS answers change).
     */
    public Verdict decideHttp(String scheme, String host, int port, String method, String path) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(method, "method");
        int effectivePort = port >= 0 ? port : defaultPort(scheme);
        String effectivePath = path == null || path.isEmpty() ? "/" : path;
        Candidate allowing = egress.find(host, MatchLevel.HTTP, effectivePort, method, effectivePath);
        if (allowing != null) {
            return PlaintextPolicy.isPlaintextScheme(scheme)
                    ? PlaintextPolicy.checkUrl(allowing, scheme, host, effectivePort)
                    : allowing.allowVerdict;
        }
        Candidate partial = egress.find(host, MatchLevel.SOCKET, effectivePort, method, effectivePath);
        if (partial != null) {
            String refused = partial.allowsMethod(method)
                    ? "path " + effectivePath
                    : "method " + method.toUpperCase(Locale.ROOT);
            return Verdict.denied(partial.rule.id(), partial.rule.to(),
                    partial.rule.id() + " (" + partial.rule.to() + ") does not allow " + refused);
        }
        return noRuleAllows(hostAndPort(host, effectivePort));
    }

    /**
     * A socket-level request by name: may some rule for this host allow this port. HTTP method and
     * path constraints are not checked here.
     *
     * @param host a DNS name or IP literal (IPv6 with or without brackets)
     */
    public Verdict decideHostPort(String host, int port) {
        Objects.requireNonNull(host, "host");
        Candidate allowing = preferRaw(egress.find(host, MatchLevel.SOCKET, port, null, null), host, port);
        if (allowing == null) {
            return noRuleAllows(hostAndPort(host, port));
        }
        return PlaintextPolicy.isPlaintextPort(port) && allowing.rule.tls().requiresTls(PlaintextPolicy.isLoopbackLiteral(host))
                ? PlaintextPolicy.refusedPort(allowing.rule, hostAndPort(host, port), port)
                : allowing.allowVerdict;
    }

    /**
     * A socket-level request by name to an address that is, or is not, a loopback address. A rule
     * that requires TLS refuses the well-known plaintext ports ({@link PlaintextPolicy#PLAINTEXT_PORTS}).
     */
    public Verdict decideHostPort(String host, int port, boolean loopbackDestination) {
        Objects.requireNonNull(host, "host");
        Candidate allowing = preferRaw(egress.find(host, MatchLevel.SOCKET, port, null, null), host, port);
        if (allowing == null) {
            return noRuleAllows(hostAndPort(host, port));
        }
        return PlaintextPolicy.isPlaintextPort(port) && allowing.rule.tls().requiresTls(loopbackDestination)
                ? PlaintextPolicy.refusedPort(allowing.rule, hostAndPort(host, port), port)
                : allowing.allowVerdict;
    }

    /**
     * A rule with {@code http:} constraints allows a socket only as a URL-level client's connection:
     * a later rule without them that allows the same socket decides it instead.
     */
    private Candidate preferRaw(Candidate allowing, String host, int port) {
        if (allowing == null || !allowing.urlLevelOnly) {
            return allowing;
        }
        Candidate raw = egress.find(host, MatchLevel.RAW_SOCKET, port, null, null);
        return raw != null ? raw : allowing;
    }

    /**
     * A socket-level request by address: IP and CIDR rules and {@code *} only.
     *
     * @param ip 4 or 16 bytes; IPv4-mapped and IPv4-compatible IPv6 addresses are matched as IPv4
     */
    public Verdict decideAddress(byte[] ip, int port) {
        Candidate allowing;
        if (ip.length == 4) {
            allowing = egress.findIpv4(IpLiterals.ipv4Of(ip), MatchLevel.SOCKET, port, null, null);
        } else if (ip.length == 16) {
            allowing = egress.findIpv6(IpLiterals.readLong(ip, 0), IpLiterals.readLong(ip, 8), MatchLevel.SOCKET,
                    port, null, null);
        } else {
            return Verdict.denied(null, null, "not an IP address: " + ip.length + " bytes");
        }
        if (allowing != null && allowing.urlLevelOnly) {
            Candidate raw = ip.length == 4
                    ? egress.findIpv4(IpLiterals.ipv4Of(ip), MatchLevel.RAW_SOCKET, port, null, null)
                    : egress.findIpv6(IpLiterals.readLong(ip, 0), IpLiterals.readLong(ip, 8), MatchLevel.RAW_SOCKET, port, null, null);
            allowing = raw != null ? raw : allowing;
        }
        if (allowing == null) {
            return noRuleAllows(addressAndPort(ip, port));
        }
        return PlaintextPolicy.isPlaintextPort(port) && allowing.rule.tls().requiresTls(PlaintextPolicy.isLoopback(ip))
                ? PlaintextPolicy.refusedPort(allowing.rule, addressAndPort(ip, port), port)
                : allowing.allowVerdict;
    }

    /**
     * A DNS lookup: allowed when some rule could allow this name on some port. An IP literal is
     * always allowed, since looking it up resolves nothing.
     */
    public Verdict decideLookup(String host) {
        Objects.requireNonNull(host, "host");
        if (EgressMatcher.isIpLiteral(host)) {
            return IP_LITERAL_LOOKUP;
        }
        Candidate allowing = egress.find(host, MatchLevel.LOOKUP, 0, null, null);
        return allowing != null ? allowing.allowVerdict : noRuleAllows("host " + host);
    }

    /**
     * One kind of access to a file.
     *
     * @param canonicalPath absolute, with links, {@code .} and {@code ..} resolved: the engine matches it as given
     */
    public Verdict decideFile(String canonicalPath, FileAccess access) {
        Objects.requireNonNull(canonicalPath, "canonicalPath");
        Objects.requireNonNull(access, "access");
        return files.decide(canonicalPath, access);
    }

    /**
     * The encryption zone ({@code files} rule with {@code encrypt: true}) that {@code canonicalPath} lies in,
     * or null; the first such rule in policy order.
     */
    public FileRule encryptionZone(String canonicalPath) {
        return files.encryptionZone(canonicalPath);
    }

    /** Whether some {@code files} rule is an encryption zone. */
    public boolean hasEncryptionZones() {
        return files.hasZones();
    }

    /**
     * A process start: allowed only by a {@code processes} rule with exactly this argv, whose
     * {@code dir:} and {@code env:} take where it starts and what the app put into its environment.
     */
    public Verdict decideProcess(ProcessLaunch launch) {
        Objects.requireNonNull(launch, "launch");
        return processes.decide(launch);
    }

    /** {@link #decideHttp} in {@code scope} (null: the global rules alone). */
    public Verdict decideHttp(String scheme, String host, int port, String method, String path, Scope scope) {
        Verdict global = decideHttp(scheme, host, port, method, path);
        return scope == null || !global.allowed() ? global
                : orGlobal(scope.decideHttp(scheme, host, port, method, path), global);
    }

    /** {@link #decideHostPort(String, int, boolean)} in {@code scope} (null: the global rules alone). */
    public Verdict decideHostPort(String host, int port, boolean loopbackDestination, Scope scope) {
        Verdict global = decideHostPort(host, port, loopbackDestination);
        return scope == null || !global.allowed() ? global : orGlobalSocket(scope.decideHostPort(host, port), global);
    }

    /** {@link #decideAddress} in {@code scope} (null: the global rules alone). */
    public Verdict decideAddress(byte[] ip, int port, Scope scope) {
        Verdict global = decideAddress(ip, port);
        return scope == null || !global.allowed() ? global : orGlobalSocket(scope.decideAddress(ip, port), global);
    }

    /** {@link #decideLookup} in {@code scope} (null: the global rules alone). */
    public Verdict decideLookup(String host, Scope scope) {
        Verdict global = decideLookup(host);
        return scope == null || !global.allowed() ? global : orGlobal(scope.decideLookup(host), global);
    }

    /** {@link #decideFile} in {@code scope} (null: the global rules alone). */
    public Verdict decideFile(String canonicalPath, FileAccess access, Scope scope) {
        Verdict global = decideFile(canonicalPath, access);
        return scope == null || !global.allowed() ? global : orGlobal(scope.decideFile(canonicalPath, access), global);
    }

    /** {@link #decideProcess} in {@code scope} (null: the global rules alone). */
    public Verdict decideProcess(ProcessLaunch launch, Scope scope) {
        return decide(PolicySections.PROCESSES, ProcessDecider::decide, launch, scope);
    }

    /**
     * A use of native code: a library loaded, an FFM restricted method, {@code sun.misc.Unsafe} obtained;
     * allowed only by the {@code native:} section (absent: none), and in {@code scope} (null: the global
     * rules alone) by each segment that narrows it.
     */
    public Verdict decideNative(NativeAccess access, Scope scope) {
        Objects.requireNonNull(access, "access");
        return decide(PolicySections.NATIVE, NativeMatcher::decide, access, scope);
    }

    /**
     * An AI tool call, about to run: allowed when the policy has no {@code tools:} section, else only by
     * one of its rules. Decided by the global rules alone: segments cannot narrow which tools run.
     */
    public Verdict decideTool(ToolUse tool) {
        Objects.requireNonNull(tool, "tool");
        return tools.decide(tool);
    }

    /**
     * {@code question} asked of {@code section}'s global rules, then of each segment of {@code scope}
     * (null: the global rules alone) that narrows the section: how a section's decision needs no
     * code in {@link Scope} and {@link SegmentRules}.
     */
    public <M, A> Verdict decide(PolicySection<?, M> section, SectionQuestion<M, A> question, A access, Scope scope) {
        Verdict global = question.ask(matcher(section), access);
        return scope == null || !global.allowed() ? global : orGlobal(scope.decide(section, question, access), global);
    }

    /**
     * The segments' say on a database access the global rules allowed ({@code global}): a
     * connection to {@code url}, or with {@code sql} non-null, that SQL on such a connection.
     *
     * @param properties the connection properties (their names matter only)
     */
    public Verdict decideDatabase(String url, Map<?, ?> properties, SqlAnalysis sql, Verdict global, Scope scope) {
        return scope == null || !global.allowed() ? global
                : orGlobal(scope.decideDatabase(url, properties, sql), global);
    }

    /** An allow in scope keeps the global rule's verdict: budgets and spans are keyed by global rules. */
    private static Verdict orGlobal(Verdict segmentDenial, Verdict global) {
        return segmentDenial != null ? segmentDenial : global;
    }

    /** As {@link #orGlobal}; a segment that allows the socket at URL level only makes the global verdict so. */
    private static Verdict orGlobalSocket(Verdict inScope, Verdict global) {
        if (inScope == null) {
            return global;
        }
        return inScope.allowed() ? Verdict.atUrlLevelOnly(global) : inScope;
    }

    private static int defaultPort(String scheme) {
        if ("https".equalsIgnoreCase(scheme) || "wss".equalsIgnoreCase(scheme)) {
            return 443;
        }
        if ("http".equalsIgnoreCase(scheme) || "ws".equalsIgnoreCase(scheme)) {
            return 80;
        }
        return -1;
    }

    private static Verdict noRuleAllows(String target) {
        return Verdict.denied(null, null, "no egress rule allows " + target);
    }

    static String hostAndPort(String host, int port) {
        String shown = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return port >= 0 ? shown + ":" + port : shown;
    }

    private static String addressAndPort(byte[] ip, int port) {
        long ipv4 = IpLiterals.ipv4Of(ip);
        String address = ipv4 >= 0
                ? IpLiterals.formatIpv4(ipv4)
                : IpLiterals.formatIpv6(IpLiterals.readLong(ip, 0), IpLiterals.readLong(ip, 8));
        return hostAndPort(address, port);
    }
}
