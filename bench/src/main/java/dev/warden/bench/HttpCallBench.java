package dev.warden.bench;

import dev.warden.agent.config.DataKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Per-call overhead of Warden on loopback HTTP: the same workload JVM ({@link HttpCallWorkload}) without an agent
 * and with Warden enforcing a policy and exporting a span per call, launches interleaved in one run.
 *
 * <p>The harness serves both ends itself: the target server (a fixed 200 response) and an OTLP sink that accepts
 * and discards the spans, so Warden's exporter does its real work (encode, POST) without a collector competing for
 * the CPU. The brief's target is at most +5% per call.
 */
public final class HttpCallBench {

    private static final String BENCH_PATH = "/bench/";
    private static final int SERVER_THREADS = 4;
    /** Exports every 200 ms instead of the default 5 s, so spans leave during the measurement, not at exit. */
    private static final String SPAN_EXPORT_DELAY_MILLIS = "200";

    private HttpCallBench() {
    }

    public static void main(String[] args) throws Exception {
        HttpCallOptions options = CommandLine.parseOrExit(args, HttpCallOptions::parse, HttpCallOptions.USAGE);
        CommandLine.requireFile(options.javaExecutable(), "no java in --jdk " + options.jdkHome());
        CommandLine.requireFile(options.wardenAgentJar(),
                "Warden agent jar not found; build it: mvn -q -pl javaagent -am install -DskipTests");

        FixedResponseHandler target = new FixedResponseHandler();
        OtlpTraceSink sink = new OtlpTraceSink();
        try (LoopbackHttpServer targetServer = new LoopbackHttpServer(SERVER_THREADS, BENCH_PATH, target);
                LoopbackHttpServer sinkServer = new LoopbackHttpServer(2, "/", sink)) {
            Path workDir = Files.createTempDirectory("warden-http-call-bench-");
            Path policyFile = Files.writeString(workDir.resolve("policy.yaml"),
                    options.chat() ? chatPolicy(targetServer.port()) : policy(targetServer.port()));
            Path wardenAgentJar = AgentJarCopy.into(workDir, options.wardenAgentJar());
            String targetUrl = "http://127.0.0.1:" + targetServer.port() + BENCH_PATH + "call";
            String otlpEndpoint = "http://127.0.0.1:" + sinkServer.port();

            Variant baseline = new Variant("no-agent", List.of());
            String auditOption = options.audit() ? ",audit=" + workDir.resolve("audit.log") : "";
            if (options.chat()) {
                Path keys = workDir.resolve("data.keys");
                DataKeys.addNewKey(keys);
                auditOption += ",keys=" + keys;
            }
            Variant warden = new Variant("warden", List.of("-javaagent:" + wardenAgentJar + "=policy=" + policyFile + auditOption));

            System.out.printf("JDK:           %s (%s)%n", options.jdkHome(), BuildInfo.jdkVersion(options.jdkHome()));
            System.out.printf("Warden agent:  %s (%s; run from a copy)%n", options.wardenAgentJar(),
                    BuildInfo.describeBuild(wardenAgentJar));
            System.out.printf("Audit log:     %s%n", options.audit() ? workDir.resolve("audit.log") : "off");
            System.out.printf("Target:        %s %s -> 200, %d bytes (%d server threads)%n",
                    options.chat() ? "POST 8 KiB chat JSON (protected: tokenize, redact, restore) to" : "GET", targetUrl,
                    FixedResponseHandler.BODY_LENGTH, SERVER_THREADS);
            System.out.printf("OTLP sink:     %s%s (200, body discarded), OTEL_BSP_SCHEDULE_DELAY=%s%n", otlpEndpoint,
                    OtlpTraceSink.TRACES_PATH, SPAN_EXPORT_DELAY_MILLIS);
            System.out.printf("Runs:          %d per variant, interleaved; per client per launch %d warm-up + %d measured "
                    + "sequential calls; child output in %s%n", options.runs(), options.warmupCalls(), options.calls(), workDir);

            ChildLauncher launcher = new ChildLauncher(options.javaExecutable(), Map.of(
                    "OTEL_EXPORTER_OTLP_ENDPOINT", otlpEndpoint,
                    "OTEL_BSP_SCHEDULE_DELAY", SPAN_EXPORT_DELAY_MILLIS), workDir);
            List<String> clients = options.clients();
            List<String> workloadArgs = List.of(targetUrl, String.valueOf(options.warmupCalls()),
                    String.valueOf(options.calls()), String.join(",", clients), options.chat() ? "chat" : "get");
            long expectedRequests = (long) clients.size() * (options.warmupCalls() + options.calls());
            Map<Variant, List<HttpCallRun>> results = InterleavedRounds.run(List.of(baseline, warden), 0, options.runs(),
                    (variant, round) -> launchOrExit(launcher, variant, round, workloadArgs, clients, target, sink,
                            expectedRequests));
            new HttpCallReport(baseline, warden, clients, results).print(System.out);
            Files.delete(wardenAgentJar);
        }
    }

    /**
     * Exactly what the workload needs: GET under /bench/ on the target's port (the sink is Warden's own traffic),
     * and the files Reactor Netty reads and writes as it starts (its resolver's configuration, the native
     * transport it unpacks into the temporary directory), without which it would fall back to NIO under Warden only.
     */
    private static String policy(int targetPort) {
        return """
                policy: http-call-bench
                mode: enforce
                egress:
                  - to: "127.0.0.1:%d"
                    http: { methods: [GET], paths: ["/bench/**"] }
                files:
                  - path: "/etc/**"
                    allow: [read, list]
                  - path: "/proc/sys/net/**"
                    allow: [read]
                  - path: "${java.io.tmpdir}/**"
                    allow: [read, write, create, delete]
                native:
                  libraries: ["${java.io.tmpdir}/libnetty_transport_native_epoll_*.so"]
                """.formatted(targetPort);
    }

    /** POST of the chat request under /bench/, its e-mails and cards tokenized and its key redacted, tokens restored. */
    private static String chatPolicy(int targetPort) {
        return """
                policy: http-call-bench
                mode: enforce
                egress:
                  - to: "127.0.0.1:%d"
                    http: { methods: [POST], paths: ["/bench/**"] }
                    protect: { email: tokenize, payment_card: tokenize, secret: redact }
                    restore: true
                """.formatted(targetPort);
    }

    private static HttpCallRun launchOrExit(ChildLauncher launcher, Variant variant, int round, List<String> workloadArgs,
            List<String> clients, FixedResponseHandler target, OtlpTraceSink sink, long expectedRequests) throws IOException, InterruptedException {
        long requestsBefore = target.requests();
        OtlpTraceSink.Received receivedBefore = sink.received();
        ChildOutput output = launcher.launch(variant.name() + "-" + round, List.of(), variant, HttpCallWorkload.class,
                workloadArgs);
        HttpCallRun run = new HttpCallRun(CallTimings.parseAll(output.stdout()), target.requests() - requestsBefore,
                sink.received().minus(receivedBefore), output);
        List<String> clientsReported = run.timings().stream().map(CallTimings::client).toList();
        if (output.exitCode() != 0 || !clientsReported.equals(clients)) {
            System.err.printf("%n%s failed in round %d (exit %d, results for %s). stderr:%n%s%n", variant.name(), round,
                    output.exitCode(), clientsReported, output.stderr());
            System.exit(1);
        }
        if (run.serverRequests() != expectedRequests) {
            System.err.printf("%n%s round %d: the server answered %d requests, expected %d%n", variant.name(), round,
                    run.serverRequests(), expectedRequests);
        }
        return run;
    }
}
