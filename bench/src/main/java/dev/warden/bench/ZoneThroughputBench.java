package dev.warden.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Write and read throughput of a file in an encryption zone against a plain file, through
 * {@code FileOutputStream}/{@code FileInputStream}: one JVM without an agent (plain file) and one with
 * Warden (the same plain file, outside the zone, and a zone file), each running {@link ZoneThroughputWorkload}.
 * Args: {@code --jdk HOME} (default: this JVM), {@code --agent JAR} (default: javaagent/target/warden-agent.jar),
 * {@code --mib N} (default 64), {@code --rounds N} (default 5).
 */
public final class ZoneThroughputBench {

    private ZoneThroughputBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>(Map.of("--jdk", System.getProperty("java.home"),
                "--agent", "javaagent/target/warden-agent.jar", "--mib", "64", "--rounds", "5"));
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!options.containsKey(args[i])) {
                System.err.println("unknown option " + args[i]);
                System.exit(2);
            }
            options.put(args[i], args[i + 1]);
        }
        Path java = Path.of(options.get("--jdk"), "bin", "java");
        Path workDir = Files.createTempDirectory("warden-zone-bench-").toRealPath();
        Path zone = Files.createDirectories(workDir.resolve("zone"));
        Path plain = Files.createDirectories(workDir.resolve("plain"));
        Path keys = workDir.resolve("data.keys");
        Path agent = AgentJarCopy.into(workDir, Path.of(options.get("--agent")));
        Process keygen = new ProcessBuilder(java.toString(), "-jar", agent.toString(), "keygen", "--data", "--out", keys.toString())
                .redirectErrorStream(true).start();
        keygen.getInputStream().readAllBytes();
        if (keygen.waitFor() != 0) {
            throw new IllegalStateException("keygen --data failed");
        }
        Path policy = Files.writeString(workDir.resolve("policy.yaml"), """
                policy: zone-bench
                files:
                  - path: "%s/**"
                    allow: [read, write, create]
                    encrypt: true
                  - path: "%s/**"
                    allow: [read, write, create]
                """.formatted(zone, plain));
        List<String> workload = List.of(options.get("--mib"), options.get("--rounds"));
        ChildLauncher launcher = new ChildLauncher(java, Map.of("OTEL_TRACES_EXPORTER", "none"), workDir);

        System.out.printf("JDK: %s (%s); %s MiB per file, median of %s rounds; 64 KiB writes and reads%n",
                options.get("--jdk"), BuildInfo.jdkVersion(Path.of(options.get("--jdk"))), options.get("--mib"), options.get("--rounds"));
        ChildOutput without = launcher.launch("no-agent", List.of(), new Variant("no-agent", List.of()),
                ZoneThroughputWorkload.class, concat(workload, plain.resolve("a.bin").toString()));
        ChildOutput with = launcher.launch("warden", List.of(), new Variant("warden",
                List.of("-javaagent:" + agent + "=policy=" + policy + ",keys=" + keys)),
                ZoneThroughputWorkload.class, concat(workload, plain.resolve("b.bin").toString(), zone.resolve("c.bin").toString()));
        for (ChildOutput output : List.of(without, with)) {
            if (output.exitCode() != 0) {
                System.err.println(output.stderr());
                System.exit(1);
            }
        }
        System.out.println("no agent, plain file:      " + figures(without.stdout(), 0));
        System.out.println("Warden, file outside zone: " + figures(with.stdout(), 0));
        System.out.println("Warden, zone file:         " + figures(with.stdout(), 1));
    }

    private static List<String> concat(List<String> head, String... tail) {
        List<String> all = new java.util.ArrayList<>(head);
        all.addAll(List.of(tail));
        return all;
    }

    private static String figures(String stdout, int index) {
        String line = stdout.lines().filter(l -> l.startsWith("RESULT ")).toList().get(index);
        return line.substring(line.indexOf("writeMiBps")).replace("writeMiBps=", "write ").replace(" readMiBps=", " MiB/s, read ")
                + " MiB/s";
    }
}
