package dev.warden.bench;

import dev.warden.agent.record.audit.AuditEvent;
import dev.warden.agent.record.audit.AuditLog;
import dev.warden.agent.record.audit.AuditSigner;
import dev.warden.agent.record.audit.AuditWriter;
import dev.warden.bundle.KeyPairs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Sustained audit throughput: threads hand decisions to the audit log as fast as they can, with
 * the overload policy {@code block}, so once the queue is full they go at the writer's pace (hash
 * chain, JSON line, signed checkpoints, file writes). The score is records per second.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar AuditLog}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@Threads(4)
@State(Scope.Benchmark)
public class AuditLogBenchmark {

    private Path dir;
    private AuditLog audit;
    private final AuditEvent event = new AuditEvent(1_795_635_601_118L, "egress", "POST",
            "https://api.openai.com/v1/chat/completions", null, "allow", "egress[0]", "tool:fetch_url");

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("warden-audit-bench");
        AuditWriter writer = AuditWriter.open(dir.resolve("audit.log"), 64L << 20, new AuditSigner(KeyPairs.generate()), Map.of("pid", "0"));
        audit = AuditLog.create(writer, 65_536, AuditLog.Overload.BLOCK);
        audit.start(() -> { });
    }

    @Benchmark
    public void record() {
        audit.record(event);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        audit.close(30_000);
        if (audit.droppedTotal() > 0) {
            throw new IllegalStateException(audit.droppedTotal() + " records dropped under block");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
    }
}
