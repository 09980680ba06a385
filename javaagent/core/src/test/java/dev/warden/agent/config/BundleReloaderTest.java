package dev.warden.agent.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.agent.decide.EgressDecider;
import dev.warden.agent.decide.ResolvedNames;
import dev.warden.agent.record.ReloadRecorder;
import dev.warden.bundle.BundleBuilder;
import dev.warden.bundle.BundleSigner;
import dev.warden.bundle.KeyPairs;
import dev.warden.bundle.RollbackGuard;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot reload with real keys, bundles and files: every hostile revision is refused and the last good one kept. */
class BundleReloaderTest {

    @TempDir
    Path tmp;

    private final InMemorySpanExporter spans = InMemorySpanExporter.create();
    private final InMemoryMetricReader metrics = InMemoryMetricReader.create();
    private Ed25519PrivateKeyParameters operatorKey;
    private Path live;
    private EgressDecider decider;
    private BundleReloader reloader;
    private long fileTime = 1_000_000;

    @BeforeEach
    void enforceRevisionThree() throws Exception {
        operatorKey = KeyPairs.generate();
        Path trust = Files.createDirectories(tmp.resolve("trust"));
        KeyPairs.write(operatorKey, tmp.resolve("ops"));
        Files.copy(tmp.resolve("ops.pub"), trust.resolve("ops.pub"));
        live = tmp.resolve("live.wbundle");
        ship(signed(3, null, operatorKey));
        BundleSource source = new BundleSource(live, trust, new RollbackGuard(tmp.resolve("state")));
        decider = new EgressDecider(source.accept().policy(), new ResolvedNames(16));
        ReloadRecorder recorder = new ReloadRecorder(
                () -> SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build().get("test"),
                () -> SdkMeterProvider.builder().registerMetricReader(metrics).build().get("test"));
        reloader = new BundleReloader(source, new WatchedFile(live), decider, Duration.ofSeconds(1), recorder,
                ModeOverride.from(WardenConfig.load(null, new java.util.Properties(), Map.of())), (previous, next) -> { });
    }

    private Path signed(long revision, Instant expires, Ed25519PrivateKeyParameters key) throws Exception {
        Path bundle = unsigned(revision, expires);
        BundleSigner.sign(bundle, key);
        return bundle;
    }

    /** Built two days ago, expired yesterday. */
    private Path expired(long revision) throws Exception {
        Instant twoDaysAgo = Instant.now().minus(Duration.ofDays(2));
        Path bundle = build(revision, twoDaysAgo.plus(Duration.ofDays(1)), java.time.Clock.fixed(twoDaysAgo, java.time.ZoneOffset.UTC));
        BundleSigner.sign(bundle, operatorKey);
        return bundle;
    }

    private Path unsigned(long revision, Instant expires) throws Exception {
        return build(revision, expires, java.time.Clock.systemUTC());
    }

    private Path build(long revision, Instant expires, java.time.Clock clock) throws Exception {
        Path source = Files.createDirectories(tmp.resolve("src-" + revision + "-" + System.nanoTime()));
        Files.writeString(source.resolve("policy.yaml"), "policy: reload\negress:\n  - to: \"192.0.2.0/24:" + (1000 + revision) + "\"\n");
        Path bundle = tmp.resolve("b-" + revision + "-" + System.nanoTime() + ".wbundle");
        new BundleBuilder(source).name("reload").revision(revision).expires(expires).clock(clock).build(bundle);
        return bundle;
    }

    /** Moves a bundle over the live file, with a new modification time as a real write would have. */
    private void ship(Path bundle) throws Exception {
        Files.copy(bundle, live, StandardCopyOption.REPLACE_EXISTING);
        Files.setLastModifiedTime(live, FileTime.fromMillis(fileTime += 1000));
    }

    /** The signed bundle with one character of its policy changed, every other entry as it was. */
    private Path withPolicyChanged(Path bundle) throws Exception {
        Path tampered = tmp.resolve("tampered.wbundle");
        try (java.util.zip.ZipFile in = new java.util.zip.ZipFile(bundle.toFile());
                java.util.zip.ZipOutputStream out = new java.util.zip.ZipOutputStream(Files.newOutputStream(tampered))) {
            for (java.util.zip.ZipEntry entry : java.util.Collections.list(in.entries())) {
                byte[] content = in.getInputStream(entry).readAllBytes();
                if (entry.getName().equals("policy.yaml")) {
                    content = new String(content, java.nio.charset.StandardCharsets.UTF_8).replace("192.0.2.0/24", "192.0.3.0/24")
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
                }
                out.putNextEntry(new java.util.zip.ZipEntry(entry.getName()));
                out.write(content);
                out.closeEntry();
            }
        }
        return tampered;
    }

    @Test
    void everyHostileRevisionIsRefusedTheLastGoodKeptThenAGoodOneTakesOver() throws Exception {
        Ed25519PrivateKeyParameters stranger = KeyPairs.generate();
        Map<String, Path> hostile = new java.util.LinkedHashMap<>();
        hostile.put("unsigned", unsigned(4, null));
        hostile.put("untrusted key", signed(4, null, stranger));
        hostile.put("expired", expired(4));
        hostile.put("older revision", signed(2, null, operatorKey));
        hostile.put("not a zip", Files.writeString(tmp.resolve("junk.wbundle"), "not a bundle"));

        for (Map.Entry<String, Path> each : hostile.entrySet()) {
            ship(each.getValue());
            reloader.checkOnce();
            assertThat(decider.active().revision()).as(each.getKey()).isEqualTo(3);
        }
        ship(signed(4, null, operatorKey));
        reloader.checkOnce();

        assertThat(decider.active().revision()).isEqualTo(4);
        List<SpanData> reloads = spans.getFinishedSpanItems();
        assertThat(reloads).extracting(s -> s.getEvents().get(0).getName())
                .containsExactly("refused", "refused", "refused", "refused", "refused", "accepted");
        assertThat(reloads.get(1).getStatus().getDescription()).contains("not signed by any trusted key");
        assertThat(reloads.get(2).getStatus().getDescription()).contains("expired");
        assertThat(reloads.get(3).getStatus().getDescription()).contains("revision 2 is older than the accepted revision 3");
        Map<String, Long> counts = metrics.collectAllMetrics().stream()
                .flatMap(m -> m.getLongSumData().getPoints().stream())
                .collect(Collectors.toMap(p -> p.getAttributes().get(AttributeKey.stringKey("warden.reload.result")),
                        LongPointData::getValue));
        assertThat(counts).containsExactlyInAnyOrderEntriesOf(Map.of("refused", 5L, "accepted", 1L));
    }

    @Test
    void aByteChangedInASignedBundleIsRefused() throws Exception {
        ship(withPolicyChanged(signed(4, null, operatorKey)));

        reloader.checkOnce();

        assertThat(decider.active().revision()).isEqualTo(3);
        assertThat(spans.getFinishedSpanItems()).singleElement()
                .satisfies(s -> assertThat(s.getEvents().get(0).getName()).isEqualTo("refused"));
    }

    @Test
    void anUnchangedFileIsNotReadAgain() throws Exception {
        reloader.checkOnce();

        assertThat(spans.getFinishedSpanItems()).isEmpty();
    }
}
