package dev.warden.agent.record.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.bundle.KeyPairs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The audit log on real files with real keys: what is written verifies, and every kind of tampering is found. */
class AuditLogTest {

    private static final long NO_ROTATION = Long.MAX_VALUE;

    @TempDir
    Path dir;

    private Path log;
    private Ed25519PrivateKeyParameters key;
    private AuditVerifier verifier;

    @BeforeEach
    void keys() {
        log = dir.resolve("audit.log");
        key = KeyPairs.generate();
        verifier = new AuditVerifier(Map.of(KeyPairs.keyId(key.generatePublicKey()), key.generatePublicKey()));
    }

    @Test
    void sixtyFourThreadsWritingAtOnceLeaveExactlyTheirRecordsInAnIntactChain() throws Exception {
        int threads = 64;
        int perThread = 500;
        AuditLog audit = AuditLog.create(open(NO_ROTATION), 8192, AuditLog.Overload.BLOCK);
        audit.start(() -> { });
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            Thread worker = new Thread(() -> {
                awaitQuietly(go);
                for (int i = 0; i < perThread; i++) {
                    audit.record(event("https://api.example.com/t" + id + "/" + i));
                }
            });
            worker.start();
            workers.add(worker);
        }
        go.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        audit.close(10_000);

        assertThat(audit.droppedTotal()).isZero();
        assertThat(count("\"type\":\"decision\"")).isEqualTo(threads * perThread);
        AuditVerifier.Report report = verifier.verify(log);
        assertThat(report.problem()).isNull();
        assertThat(report.signedThrough()).isEqualTo(report.records() - 1);
    }

    /** Shutdown hooks run beside Warden's, and deleteOnExit after them all: what they record after the close is kept and signed. */
    @Test
    void aDecisionRecordedAfterTheCloseIsWrittenAndSignedAtOnceByTheThreadThatRecordsIt() throws Exception {
        AuditLog audit = AuditLog.create(open(NO_ROTATION), 64, AuditLog.Overload.BLOCK);
        audit.start(() -> { });
        audit.record(event("/srv/app/before-exit"));
        audit.close(10_000);
        assertThat(count("/srv/app/at-exit")).isZero();

        audit.record(event("/srv/app/at-exit"));

        assertThat(count("\"type\":\"decision\"")).isEqualTo(2);
        assertThat(count("/srv/app/at-exit")).isEqualTo(1);
        AuditVerifier.Report report = verifier.verify(log);
        assertThat(report.problem()).isNull();
        assertThat(report.signedThrough()).isEqualTo(report.records() - 1);
    }

    @Test
    void underDropEveryDecisionIsEitherWrittenOrCountedInTheChain() throws Exception {
        AuditLog audit = AuditLog.create(open(NO_ROTATION), 2, AuditLog.Overload.DROP);
        audit.start(() -> { });
        int offered = 20_000;
        for (int i = 0; i < offered; i++) {
            audit.record(event("/data/" + i));
        }
        audit.close(10_000);

        long written = count("\"type\":\"decision\"");
        long droppedInChain = 0;
        Matcher dropped = Pattern.compile("\"type\":\"dropped\",\"count\":(\\d+)").matcher(read());
        while (dropped.find()) {
            droppedInChain += Long.parseLong(dropped.group(1));
        }
        assertThat(written + droppedInChain).isEqualTo(offered);
        assertThat(droppedInChain).isEqualTo(audit.droppedTotal());
        assertThat(verifier.verify(log).intact()).isTrue();
    }

    @Test
    void anEditedRecordIsNamed() throws Exception {
        writeDecisions(5);
        replace("/secret/2", "/public/2");

        assertThat(verifier.verify(log).problem()).contains("audit.log:5 (record 4)").contains("edited");
    }

    @Test
    void aRemovedRecordBreaksTheChainAtTheNextOne() throws Exception {
        writeDecisions(5);
        List<String> lines = lines();
        lines.remove(3);
        Files.write(log, lines);

        assertThat(verifier.verify(log).problem()).contains("(record 4)").contains("removed, reordered or inserted");
    }

    @Test
    void reorderedRecordsBreakTheChain() throws Exception {
        writeDecisions(5);
        List<String> lines = lines();
        String third = lines.get(3);
        lines.set(3, lines.get(4));
        lines.set(4, third);
        Files.write(log, lines);

        assertThat(verifier.verify(log).problem()).contains("audit.log:4").contains("removed, reordered or inserted");
    }

    @Test
    void aRecordAppendedByHandWithACorrectHashIsNotCoveredByASignature() throws Exception {
        writeDecisions(3);
        List<String> lines = lines();
        AuditLine.Parsed last = AuditLine.parse(lines.get(lines.size() - 1));
        String forged = AuditLine.seal("{\"seq\":" + (last.seq() + 1) + ",\"time\":\"2026-01-01T00:00:00Z\",\"type\":\"decision\","
                + "\"kind\":\"egress\",\"decision\":\"allow\",\"rule\":\"egress[0]\",\"target\":\"https://evil\",\"prev\":\"" + last.hash() + "\"");
        Files.writeString(log, forged + "\n", java.nio.file.StandardOpenOption.APPEND);

        AuditVerifier.Report report = verifier.verify(log);
        assertThat(report.problem()).contains("(record " + (last.seq() + 1) + ")").contains("not covered by a signed checkpoint");
        assertThat(report.signedThrough()).isEqualTo(last.seq());
    }

    @Test
    void aChainRewrittenWithFreshHashesFailsAtTheFirstSignature() throws Exception {
        writeDecisions(3);
        List<String> rewritten = new ArrayList<>();
        String prev = AuditLine.GENESIS;
        for (String line : lines()) {
            AuditLine.Parsed record = AuditLine.parse(line);
            String body = record.body().replace("/secret/", "/public/");
            body = body.substring(0, body.length() - 65) + prev + "\"";
            String sealed = AuditLine.seal(body);
            rewritten.add(sealed);
            prev = AuditLine.hashOf(sealed);
        }
        Files.write(log, rewritten);

        assertThat(verifier.verify(log).problem()).contains("signature is not valid");
    }

    @Test
    void aTruncatedTailIsReportedAsACutAfterTheLastCompleteRecord() throws Exception {
        writeDecisions(3);
        long size = Files.size(log);
        try (var channel = java.nio.channels.FileChannel.open(log, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(size - 10);
        }
        AuditVerifier.Report report = verifier.verify(log);
        assertThat(report.problem()).contains("the log is cut").contains("intact up to record " + (lines().size() - 2));
    }

    @Test
    void aCheckpointFromAnUntrustedKeyIsRefused() throws Exception {
        writeDecisions(1);
        Ed25519PrivateKeyParameters other = KeyPairs.generate();
        AuditVerifier stranger = new AuditVerifier(Map.of(KeyPairs.keyId(other.generatePublicKey()), other.generatePublicKey()));

        assertThat(stranger.verify(log).problem()).contains("not among the trusted keys");
    }

    @Test
    void aRestartContinuesTheChainAndACutTailIsDroppedAndSaidSo() throws Exception {
        writeDecisions(3);
        Files.writeString(log, "{\"seq\":99,\"half a rec", java.nio.file.StandardOpenOption.APPEND);

        writeDecisions(2);

        assertThat(read()).contains("\"type\":\"start\"").contains("\"dropped_tail_bytes\":21");
        AuditVerifier.Report report = verifier.verify(log);
        assertThat(report.problem()).isNull();
        assertThat(count("\"type\":\"decision\"")).isEqualTo(5);
    }

    @Test
    void rotationKeepsOneChainAcrossFilesAndAMissingFileIsFound() throws Exception {
        AuditWriter writer = open(2_000);
        for (int i = 0; i < 60; i++) {
            writer.append(event("/secret/" + i));
            writer.checkpoint();
        }
        writer.close();
        assertThat(dir.resolve("audit.log.3")).exists();
        assertThat(verifier.verify(log).intact()).isTrue();

        Files.delete(dir.resolve("audit.log.2"));
        assertThat(verifier.verify(log).problem()).contains("audit.log.3:1").contains("removed, reordered or inserted");
    }

    private AuditWriter open(long maxFileBytes) throws IOException {
        return AuditWriter.open(log, maxFileBytes, new AuditSigner(key), Map.of("pid", "1"));
    }

    private void writeDecisions(int n) throws IOException {
        try (AuditWriter writer = open(NO_ROTATION)) {
            for (int i = 0; i < n; i++) {
                writer.append(event("/secret/" + i));
            }
        }
    }

    private static AuditEvent event(String target) {
        return new AuditEvent(System.currentTimeMillis(), "file", "read", target, null, "deny", "default-deny", null);
    }

    private String read() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private List<String> lines() throws IOException {
        return new ArrayList<>(Files.readAllLines(log));
    }

    private long count(String marker) throws IOException {
        return lines().stream().filter(line -> line.contains(marker)).count();
    }

    private void replace(String from, String to) throws IOException {
        Files.writeString(log, read().replace(from, to));
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
