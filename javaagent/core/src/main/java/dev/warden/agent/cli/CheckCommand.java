package dev.warden.agent.cli;

import dev.warden.agent.config.JvmPathVariables;
import dev.warden.agent.decide.CanonicalPaths;
import dev.warden.agent.decide.JvmFileAllowances;
import dev.warden.bundle.BundleException;
import dev.warden.bundle.BundleVerifier;
import dev.warden.bundle.TrustStore;
import dev.warden.policy.Credential;
import dev.warden.policy.FileAccess;
import dev.warden.policy.Policy;
import dev.warden.policy.PolicyException;
import dev.warden.policy.PolicyParser;
import dev.warden.policy.decide.HostHeaders;
import dev.warden.policy.decide.PolicyEngine;
import dev.warden.policy.decide.UrlPorts;
import dev.warden.policy.decide.Scope;
import dev.warden.policy.decide.Verdict;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Would this access be allowed, and by which rule? Decided by the same engine the agent uses. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Decide one access against a policy and print the verdict and the deciding rule.",
            "Exit 0 allowed, 1 denied, 2 bad input."},
        subcommands = {CheckCommand.Egress.class, CheckCommand.FileCheck.class, CheckJdbc.class, CheckProcess.class, CheckNative.class,
            CheckTool.class})
final class CheckCommand implements Runnable {

    static final class Source {
        @Option(names = "--policy", paramLabel = "FILE", required = true, description = "policy file (format 1 YAML)")
        Path policy;

        @Option(names = "--bundle", paramLabel = "FILE", required = true,
                description = "signed bundle, used only once verified against --trust")
        Path bundle;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--trust", paramLabel = "DIR", description = "trust directory (*.pub keys, trust.yaml); required with --bundle")
    Path trust;

    @Option(names = "--app-home", paramLabel = "DIR",
            description = "the app's directory, which ${app.home} stands for (the directory of its jar); without it, rules using ${app.home} match nothing")
    String appHome;

    @Option(names = "--tool", paramLabel = "NAME", description = "decide as inside the AI tool NAME (its segments narrow egress and file checks)")
    String tool;

    @Override
    public void run() {
        throw new IllegalArgumentException("say what to check: egress URL [METHOD], file PATH read|write|create|delete|list, jdbc URL \"SQL\", process ARGV..., or native --library PATH | --ffm | --unsafe");
    }

    /** The scope of {@code --tool}: null without it, or when no segment names that tool. */
    Scope toolScope(PolicyEngine engine) {
        return tool == null ? null : engine.toolScope(tool);
    }

    /** The line that says which tool the check was made in, if any. */
    void printScope() {
        if (tool != null) {
            System.out.println("  scope:  tool " + tool);
        }
    }

    /** The policy compiled to decide with, or null after saying on standard error why it cannot be used. */
    PolicyEngine compiled() {
        try {
            return PolicyEngine.compile(load(), JvmPathVariables.withAppHome(appHome));
        } catch (PolicyException invalid) {
            System.err.println("warden: " + invalid.getMessage());
        } catch (BundleException refused) {
            System.err.println("warden: bundle refused: " + refused.getMessage());
        }
        return null;
    }

    /** The policy to decide with: the plain file, or the policy of a bundle that verifies against {@code --trust}. */
    Policy load() throws PolicyException, BundleException {
        if (source.bundle != null) {
            if (trust == null) {
                throw new IllegalArgumentException("--bundle needs --trust DIR: a bundle is used only after its signatures are verified");
            }
            return BundleVerifier.verify(source.bundle, TrustStore.load(trust), Instant.now()).policy();
        }
        return PolicyParser.parse(source.policy);
    }

    @Command(name = "egress", mixinStandardHelpOptions = true,
            description = "Would a request to URL (with METHOD, default GET) be allowed?")
    static final class Egress implements Callable<Integer> {

        @picocli.CommandLine.ParentCommand
        CheckCommand check;

        @Parameters(index = "0", paramLabel = "URL", description = "e.g. https://api.openai.com/v1/chat/completions")
        String url;

        @Parameters(index = "1", paramLabel = "METHOD", defaultValue = "GET", description = "HTTP method (default GET)")
        String method;

        @Option(names = "--host-header", paramLabel = "HOST[:PORT]", description = "the Host header the request sends, when the app sets its own")
        String hostHeader;

        @Option(names = "--proxy", paramLabel = "HOST:PORT",
                description = "the HTTP or SOCKS proxy the client goes through: the request is decided by its URL, the connection by the proxy's rule")
        String proxy;

        @Override
        public Integer call() {
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException bad) {
                System.err.println("warden: not a URL: " + url);
                return WardenCli.BAD_INPUT;
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                System.err.println("warden: not an absolute URL with a host: " + url);
                return WardenCli.BAD_INPUT;
            }
            PolicyEngine engine = check.compiled();
            if (engine == null) {
                return WardenCli.BAD_INPUT;
            }
            URI proxyAddress = null;
            if (proxy != null) {
                proxyAddress = hostAndPort(proxy);
                if (proxyAddress == null) {
                    System.err.println("warden: --proxy takes HOST:PORT, not " + proxy);
                    return WardenCli.BAD_INPUT;
                }
            }
            String upper = method.toUpperCase(Locale.ROOT);
            Verdict verdict = decide(engine, uri, upper);
            String authority = null;
            if (verdict.allowed() && hostHeader != null) {
                URI named = HostHeaders.authorityOf(uri, hostHeader);
                if (named == HostHeaders.UNREADABLE) {
                    System.out.println("denied: " + upper + " " + url + " (Host: " + hostHeader + ")");
                    System.out.println("  reason: its Host header names " + hostHeader + ": '" + hostHeader + "' is not host[:port]");
                    return WardenCli.DENIED;
                }
                if (named != null) {
                    verdict = decide(engine, named, upper);
                    authority = "its Host header names " + hostHeader + ": ";
                }
            }
            Verdict throughProxy = proxyAddress == null ? null
                    : engine.decideHostPort(proxyAddress.getHost().replaceAll("^\\[|\\]$", ""), proxyAddress.getPort(), false, check.toolScope(engine));
            boolean allowed = verdict.allowed() && (throughProxy == null || throughProxy.allowed());
            System.out.println((allowed ? "allowed" : "denied") + ": " + upper + " " + url
                    + (hostHeader == null ? "" : " (Host: " + hostHeader + ")") + (proxy == null ? "" : " through proxy " + proxy));
            check.printScope();
            System.out.println("  rule:   " + (verdict.rule() == null ? "default-deny" : verdict.rule()
                    + (verdict.ruleTarget() == null ? "" : " (" + verdict.ruleTarget() + ")")));
            System.out.println("  reason: " + (authority == null || verdict.allowed() ? "" : authority) + verdict.reason());
            if (throughProxy != null) {
                System.out.println("  proxy:  " + (throughProxy.allowed() ? "allowed by " + throughProxy.rule()
                        + (throughProxy.proxy() ? " (proxy: true: only Warden-mediated clients, each real destination decided)" : "")
                        : "denied: " + throughProxy.reason()));
            }
            if (allowed) {
                printCredentials(engine, uri);
                Verdict socket = engine.decideHostPort(uri.getHost(), UrlPorts.of(uri), false, check.toolScope(engine));
                System.out.println("  raw sockets there: " + (socket.proxy()
                        ? "refused (a proxy: only Warden-mediated clients, each real destination decided)"
                        : socket.urlLevelOnly()
                        ? "refused (the rule has http: constraints: only Warden-mediated HTTP clients' own connections)"
                        : "allowed by host and port"));
            }
            return allowed ? WardenCli.OK : WardenCli.DENIED;
        }

        /** {@code host:port} or {@code [v6]:port} as a URI's authority; null when it is not one. */
        /** Which credentials the request would get in place of their placeholders (their sources are not read). */
        private static void printCredentials(PolicyEngine engine, URI uri) {
            String host = uri.getHost().toLowerCase(Locale.ROOT).replaceAll("^\\[|\\]$", "");
            for (Credential credential : engine.policy().credentials()) {
                if (credential.reaches(host, UrlPorts.of(uri))) {
                    System.out.println("  credential: " + credential.name() + " (" + credential.placeholder() + " is replaced by "
                            + credential.source() + ", " + credential.id() + ")");
                }
            }
        }

        private static URI hostAndPort(String text) {
            try {
                URI parsed = new URI("proxy://" + text.trim());
                return parsed.getHost() == null || parsed.getPort() < 1 || parsed.getPort() > 65535
                        || parsed.getUserInfo() != null || !parsed.getRawPath().isEmpty() ? null : parsed;
            } catch (java.net.URISyntaxException notAnAuthority) {
                return null;
            }
        }

        private Verdict decide(PolicyEngine engine, URI uri, String upperMethod) {
            return engine.decideHttp(uri.getScheme(), uri.getHost(), uri.getPort(), upperMethod,
                    uri.getRawPath() == null ? "" : uri.getRawPath(), check.toolScope(engine));
        }
    }

    @Command(name = "file", mixinStandardHelpOptions = true,
            description = {"Would this kind of access to PATH be allowed?",
                "PATH is canonicalised here as the agent would (relative to this directory, links resolved),",
                "${java.io.tmpdir}, ${user.home}, ${user.dir} take this JVM's values, ${app.home} that of --app-home."})
    static final class FileCheck implements Callable<Integer> {

        @picocli.CommandLine.ParentCommand
        CheckCommand check;

        @Parameters(index = "0", paramLabel = "PATH", description = "e.g. /srv/agent/data/report.csv")
        String path;

        @Parameters(index = "1", paramLabel = "MODE", description = "read | write | create | delete | list | stat")
        String mode;

        @Override
        public Integer call() throws Exception {
            FileAccess access;
            try {
                access = FileAccess.valueOf(mode.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException bad) {
                System.err.println("warden: not a file access mode: " + mode + " (read, write, create, delete, list, stat)");
                return WardenCli.BAD_INPUT;
            }
            PolicyEngine engine = check.compiled();
            if (engine == null) {
                return WardenCli.BAD_INPUT;
            }
            CanonicalPaths paths = CanonicalPaths.ofProcess();
            String canonical = paths.canonical(path);
            Verdict verdict = engine.decideFile(canonical, access, check.toolScope(engine));
            String label = access.name().toLowerCase(Locale.ROOT);
            System.out.println((verdict.allowed() ? "allowed" : "denied") + ": " + label + " " + path
                    + (canonical.equals(path) ? "" : " (" + canonical + ")"));
            check.printScope();
            System.out.println("  rule:   " + (verdict.rule() == null ? "default-deny" : verdict.rule()
                    + (verdict.ruleTarget() == null ? "" : " (" + verdict.ruleTarget() + ")")));
            System.out.println("  reason: " + verdict.reason());
            for (JvmFileAllowances.Allowance jvm : JvmFileAllowances.of(System::getProperty, List.of(), paths)
                    .covering(paths.absolute(path), canonical)) {
                System.out.println("  note:   the JVM's own reads and listings here are allowed by the built-in " + jvm.name()
                        + " (" + jvm.why() + "; off with strict=true); app code is decided as above");
            }
            return verdict.allowed() ? WardenCli.OK : WardenCli.DENIED;
        }
    }
}
