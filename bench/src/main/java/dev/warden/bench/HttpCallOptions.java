package dev.warden.bench;

import java.nio.file.Path;
import java.util.List;

/** What {@link HttpCallBench} runs: how many launches and calls, on which JDK, with which Warden jar. */
record HttpCallOptions(int runs, int warmupCalls, int calls, Path jdkHome, Path wardenAgentJar, boolean audit,
        List<String> clients, boolean chat) {

    static final String USAGE = """
            usage: HttpCallBench [--runs N] [--warmup-calls N] [--calls N] [--jdk JAVA_HOME] [--warden-agent JAR] [--audit true]
                                 [--clients NAME,...] [--chat true]
              --runs N          launches per variant (no agent, Warden), interleaved (default 3)
              --warmup-calls N  unmeasured calls per client per launch, at least (default 20000); then more, until the JIT compilers were idle for 1 s
              --calls N         measured calls per client per launch (default 20000)
              --jdk PATH        JDK the workload children run on (default: the JDK running this harness)
              --warden-agent    Warden agent jar (default: -Dwarden.agent.jar, else javaagent/target/warden-agent.jar)
              --audit true      Warden also keeps its audit log (audit=FILE in the run's directory)
              --clients LIST    which clients, in order (default jdk-httpclient,http-url-connection); also okhttp,
                                apache-classic, reactor-netty (run from bench/target/benchmarks.jar, which holds them)
              --chat true       each call POSTs an 8 KiB chat request (JSON, seven sensitive values) to a rule that
                                protects it (tokenize e-mail and cards, redact the key, restore: true; keys=FILE)
            """;

    static HttpCallOptions parse(String[] args) {
        int runs = 3;
        int warmupCalls = 20_000;
        int calls = 20_000;
        Path jdkHome = Path.of(System.getProperty("java.home"));
        Path wardenAgentJar = BuildDefaults.wardenAgentJar();
        boolean audit = false;
        List<String> clients = HttpCallWorkload.DEFAULT_CLIENTS;
        boolean chat = false;
        for (CommandLine.Option option : CommandLine.options(args)) {
            switch (option.name()) {
                case "--runs" -> runs = option.atLeast(1);
                case "--warmup-calls" -> warmupCalls = option.atLeast(0);
                case "--calls" -> calls = option.atLeast(1);
                case "--jdk" -> jdkHome = option.path();
                case "--warden-agent" -> wardenAgentJar = option.path();
                case "--audit" -> audit = Boolean.parseBoolean(option.value());
                case "--clients" -> clients = HttpCallWorkload.clients(option.value());
                case "--chat" -> chat = Boolean.parseBoolean(option.value());
                default -> throw option.unknown();
            }
        }
        return new HttpCallOptions(runs, warmupCalls, calls, jdkHome, wardenAgentJar.toAbsolutePath(), audit, clients, chat);
    }

    Path javaExecutable() {
        return jdkHome.resolve("bin").resolve("java");
    }
}
