package dev.warden.it;

import static dev.warden.it.harness.ReceivedSpan.named;
import static dev.warden.it.harness.ReceivedSpan.withAttr;
import static org.assertj.core.api.Assertions.assertThat;

import dev.warden.it.apps.ZoneApp;
import dev.warden.it.harness.AgentJarCommands;
import dev.warden.it.harness.AppResult;
import dev.warden.it.harness.BothJdks;
import dev.warden.it.harness.ForkedJvm;
import dev.warden.it.harness.Jdk;
import dev.warden.it.harness.OtlpReceiver;
import dev.warden.it.harness.ReceivedSpan;
import dev.warden.it.harness.WardenAgent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Encryption zones with the built agent: {@code zone/} is a {@code files} rule with {@code encrypt: true},
 * {@code plain/} an ordinary one. What the app writes into the zone is ciphertext on disk and reads back
 * equal through every stream API; writes that cannot be encrypted are refused with nothing written.
 */
class ZoneIT extends AgentTestSupport {

    static final List<String> WRITES = List.of("fos", "fos-small-writes", "fos-bytewise", "file-writer", "print-writer",
            "write", "write-string", "write-lines", "new-output-stream", "buffered-writer");
    static final List<String> READS = List.of("fis", "fis-buffer", "fis-bytewise", "fis-transfer", "file-reader",
            "read-all-bytes", "read-string", "new-input-stream", "buffered-reader", "read-all-lines", "lines");
    static final List<String> RAW_WRITES = List.of("raf-rw", "channel-write", "mmap-write", "fos-append", "append-option");

    private final AgentJarCommands cli = new AgentJarCommands(Jdk.JDK17.javaExecutable(), WardenAgent.jar());
    private Path root;
    private Path keys;

    private Path setUp() throws IOException {
        return setUp("");
    }

    /** @param zoneOptions more keys of the zone's rule, each line indented as the rule's */
    private Path setUp(String zoneOptions) throws IOException {
        root = Files.createDirectories(tmp.resolve("files")).toRealPath();
        Files.createDirectories(root.resolve("zone"));
        Files.createDirectories(root.resolve("plain"));
        keys = tmp.resolve("data.keys");
        cli.run("keygen", "--data", "--out", keys.toString());
        return policy("policy: " + POLICY + "\nfiles:\n"
                + "  - path: \"" + root + "/zone/**\"\n    allow: [read, write, create, delete, list]\n    encrypt: true\n" + zoneOptions
                + "  - path: \"" + root + "/plain/**\"\n    allow: [read, write, create, delete, list]\n");
    }

    private static ForkedJvm.Builder app(Jdk jdk, Path policy, String keysOption, List<String> ops) {
        ForkedJvm.Builder builder = keysOption == null
                ? ForkedJvm.on(jdk).agentPolicy(policy)
                : ForkedJvm.on(jdk).agentPolicy(policy, keysOption);
        return builder.main(ZoneApp.class, ops.toArray(new String[0])).timeout(Duration.ofSeconds(90));
    }

    private static List<AppResult> results(ForkedJvm.Builder builder, int expected) {
        ForkedJvm.Result r = builder.run();
        assertThat(r.exitCode()).as(r.describe()).isZero();
        assertThat(r.results()).as(r.describe()).hasSize(expected);
        return r.results();
    }

    private static List<String> ops(List<String> names, Path file) {
        List<String> ops = new ArrayList<>();
        names.forEach(name -> ops.add(name + ":" + file));
        return ops;
    }

    private static String expectedSha() throws Exception {
        return ZoneApp.sha(ZoneApp.content().getBytes(StandardCharsets.UTF_8));
    }

    private static void assertReadsBackEqual(List<AppResult> reads) throws Exception {
        for (AppResult read : reads) {
            assertThat(read.outcome()).as("%s\n%s", read, read.context()).isEqualTo("ok");
            assertThat(read.get("sha")).as(read.get("op")).isEqualTo(expectedSha());
        }
    }

    private static void assertCiphertext(Path file) throws IOException {
        byte[] stored = Files.readAllBytes(file);
        String text = new String(stored, StandardCharsets.ISO_8859_1);
        assertThat(text).as(file.toString()).startsWith("WZF1").doesNotContain(ZoneApp.MARKER).doesNotContain("customer");
        assertThat(stored.length).isGreaterThan(ZoneApp.content().getBytes(StandardCharsets.UTF_8).length);
    }

    @BothJdks
    void whatTheAppWritesIntoAZoneIsCiphertextOnDiskAndReadsBackEqualThroughEveryApi(Jdk jdk) throws Exception {
        Path policy = setUp();
        List<String> writes = new ArrayList<>();
        for (String write : WRITES) {
            writes.add(write + ":" + root.resolve("zone").resolve(write + ".txt"));
            writes.add(write + ":" + root.resolve("plain").resolve(write + ".txt"));
        }
        for (AppResult written : results(app(jdk, policy, "keys=" + keys, writes), writes.size())) {
            assertThat(written.outcome()).as("%s\n%s", written, written.context()).isEqualTo("ok");
        }

        byte[] plaintext = ZoneApp.content().getBytes(StandardCharsets.UTF_8);
        List<String> reads = new ArrayList<>();
        for (String write : WRITES) {
            assertCiphertext(root.resolve("zone").resolve(write + ".txt"));
            assertThat(Files.readAllBytes(root.resolve("plain").resolve(write + ".txt"))).as("outside the zone: " + write)
                    .isEqualTo(plaintext);
            reads.addAll(ops(READS, root.resolve("zone").resolve(write + ".txt")));
        }
        reads.addAll(ops(READS, root.resolve("plain").resolve("fos.txt")));
        assertReadsBackEqual(results(app(jdk, policy, "keys=" + keys, reads), reads.size()));
    }

    @BothJdks
    void aZoneFileFailsCleanlyWithTheWrongKeyAndTheStartIsRefusedWithoutKeys(Jdk jdk) throws Exception {
        Path policy = setUp();
        Path file = root.resolve("zone").resolve("secret.txt");
        results(app(jdk, policy, "keys=" + keys, List.of("fos:" + file)), 1);
        Path otherKeys = tmp.resolve("other.keys");
        cli.run("keygen", "--data", "--out", otherKeys.toString());

        for (AppResult read : results(app(jdk, policy, "keys=" + otherKeys, ops(READS, file)), READS.size())) {
            assertThat(read.outcome()).as("%s\n%s", read, read.context()).isNotEqualTo("ok");
            // line streams (BufferedReader.lines, Files.lines) wrap the IOException in an UncheckedIOException
            assertThat(read.msg()).as(read.get("op")).contains("warden: cannot decrypt ").contains("which is not in");
        }

        ForkedJvm.Result noKeys = app(jdk, policy, null, List.of("fis:" + file)).run();
        assertThat(noKeys.exitCode()).as(noKeys.describe()).isEqualTo(78);
        assertThat(noKeys.stderr()).contains("the policy has encryption zones (files[0]").contains("no data keys are configured");
        assertThat(noKeys.stdout()).doesNotContain("RESULT");
    }

    @BothJdks
    void writesThatCannotBeEncryptedAreRefusedWithNothingWritten(Jdk jdk) throws Exception {
        Path policy = setUp();
        Path existing = root.resolve("zone").resolve("existing.txt");
        results(app(jdk, policy, "keys=" + keys, List.of("fos:" + existing)), 1);
        byte[] before = Files.readAllBytes(existing);

        List<String> ops = new ArrayList<>(ops(RAW_WRITES, existing));
        for (String raw : List.of("raf-rw", "channel-write", "fos-channel")) {
            ops.add(raw + ":" + root.resolve("zone").resolve("new-" + raw + ".txt"));
        }
        List<AppResult> refused = results(app(jdk, policy, "keys=" + keys, ops), ops.size());
        for (AppResult r : refused) {
            assertThat(r.outcome()).as("%s\n%s", r, r.context()).isEqualTo("denied");
            assertThat(r.msg()).as(r.get("op")).startsWith("warden: denied").contains("encryption zone");
            if (!r.get("op").equals("fos-channel")) {
                assertThat(r.msg()).as(r.get("op")).contains("[rule files[0]]");
            }
        }
        assertThat(refused.get(RAW_WRITES.indexOf("raf-rw")).type()).isEqualTo("java.io.FileNotFoundException");
        assertThat(refused.get(RAW_WRITES.indexOf("fos-append")).type()).isEqualTo("java.io.FileNotFoundException");
        assertThat(refused.get(RAW_WRITES.indexOf("channel-write")).get("is")).isEqualTo("java.nio.file.AccessDeniedException");
        assertThat(refused.get(RAW_WRITES.indexOf("append-option")).get("is")).isEqualTo("java.nio.file.AccessDeniedException");
        assertThat(Files.readAllBytes(existing)).isEqualTo(before);
        assertThat(root.resolve("zone").resolve("new-raf-rw.txt")).doesNotExist();
        assertThat(root.resolve("zone").resolve("new-channel-write.txt")).doesNotExist();
        // the FileOutputStream itself opened (and so created) the file; closing it sealed an empty encrypted file
        Path opened = root.resolve("zone").resolve("new-fos-channel.txt");
        assertThat(new String(Files.readAllBytes(opened), StandardCharsets.ISO_8859_1)).startsWith("WZF1").doesNotContain("customer");
        assertThat(results(app(jdk, policy, "keys=" + keys, List.of("fis:" + opened)), 1).get(0).get("len")).isEqualTo("0");
        assertReadsBackEqual(results(app(jdk, policy, "keys=" + keys, List.of("fis:" + existing)), 1));
    }

    @BothJdks
    void theCliDecryptsWhatTheAgentWroteAndTheAgentReadsWhatTheCliEncrypted(Jdk jdk) throws Exception {
        Path policy = setUp();
        Path written = root.resolve("zone").resolve("by-agent.txt");
        results(app(jdk, policy, "keys=" + keys, List.of("buffered-writer:" + written)), 1);

        Path decrypted = tmp.resolve("decrypted.txt");
        cli.run("zone", "decrypt", written.toString(), "--keys", keys.toString(), "--out", decrypted.toString());
        assertThat(Files.readString(decrypted)).isEqualTo(ZoneApp.content());

        Path plain = tmp.resolve("plain-input.txt");
        Files.writeString(plain, ZoneApp.content());
        Path encrypted = root.resolve("zone").resolve("by-cli.txt");
        cli.run("zone", "encrypt", plain.toString(), "--keys", keys.toString(), "--out", encrypted.toString());
        assertCiphertext(encrypted);
        assertReadsBackEqual(results(app(jdk, policy, "keys=" + keys, List.of("fis:" + encrypted, "read-string:" + encrypted)), 2));

        Path otherKeys = tmp.resolve("other.keys");
        cli.run("keygen", "--data", "--out", otherKeys.toString());
        AgentJarCommands.Outcome wrongKey = cli.exec("zone", "decrypt", written.toString(), "--keys", otherKeys.toString(),
                "--out", tmp.resolve("never.txt").toString());
        assertThat(wrongKey.exitCode()).isEqualTo(1);
        assertThat(wrongKey.output()).contains("warden: cannot decrypt");
        assertThat(tmp.resolve("never.txt")).doesNotExist();
        assertThat(cli.exec("zone", "decrypt", tmp.resolve("missing").toString(), "--keys", keys.toString()).exitCode()).isEqualTo(2);
    }

    @BothJdks
    void filesUnderAnOldKeyStillReadAfterAKeyIsAddedAndAnUnclosedStreamIsSealedAtExit(Jdk jdk) throws Exception {
        Path policy = setUp();
        Path old = root.resolve("zone").resolve("old.txt");
        Path unclosed = root.resolve("zone").resolve("unclosed.txt");
        results(app(jdk, policy, "keys=" + keys, List.of("fos:" + old, "fos-unclosed:" + unclosed)), 2);
        String oldHeader = new String(Arrays.copyOf(Files.readAllBytes(old), 40), StandardCharsets.ISO_8859_1);

        cli.run("keygen", "--data", "--out", keys.toString());
        Path fresh = root.resolve("zone").resolve("new.txt");
        results(app(jdk, policy, "keys=" + keys, List.of("fos:" + fresh)), 1);
        String newHeader = new String(Arrays.copyOf(Files.readAllBytes(fresh), 40), StandardCharsets.ISO_8859_1);

        assertThat(newHeader.substring(6, 20)).isNotEqualTo(oldHeader.substring(6, 20)); // another key id
        assertReadsBackEqual(results(app(jdk, policy, "keys=" + keys,
                List.of("fis:" + old, "fis:" + fresh, "read-all-bytes:" + unclosed)), 3));
    }

    /** Plaintext files already in the zone before it existed, written without the agent. */
    private List<Path> legacyFiles(String... names) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : names) {
            Path file = root.resolve("zone").resolve(name);
            Files.createDirectories(file.getParent());
            files.add(Files.writeString(file, ZoneApp.content()));
        }
        return files;
    }

    private static List<String> legacyReads(Path file) {
        return ops(READS, file);
    }

    @BothJdks
    void aPlaintextFileInAZoneFailsEveryReadNamingTheMigrationCommand(Jdk jdk) throws Exception {
        Path policy = setUp();
        Path legacy = legacyFiles("legacy.txt").get(0);

        List<AppResult> reads = results(app(jdk, policy, "keys=" + keys, legacyReads(legacy)), READS.size());

        for (AppResult read : reads) {
            assertThat(read.outcome()).as("%s\n%s", read, read.context()).isNotEqualTo("ok");
            // line streams (BufferedReader.lines, Files.lines) wrap the IOException in an UncheckedIOException
            assertThat(read.msg()).as(read.get("op")).contains("warden: " + legacy + " is not a Warden-encrypted file, but it"
                    + " lies in encryption zone files[0] (" + root + "/zone/**)")
                    .contains("java -jar warden-agent.jar zone encrypt DIR --keys KEYS", "legacy_plaintext: read", "[rule files[0]]");
        }
        assertThat(reads.get(READS.indexOf("fis")).type()).isEqualTo("java.io.IOException");
        assertThat(reads.get(READS.indexOf("read-all-bytes")).type()).isEqualTo("java.io.IOException");
        assertThat(Files.readString(legacy)).as("a refused read changes nothing").isEqualTo(ZoneApp.content());
    }

    @BothJdks
    void withLegacyPlaintextReadAPlaintextFileReadsAsItIsEachReadIsRecordedAndWritesAreStillEncrypted(Jdk jdk)
            throws Exception {
        Path policy = setUp("    legacy_plaintext: read\n");
        List<Path> legacy = legacyFiles("legacy.txt", "rewritten.txt");
        Path sealed = root.resolve("zone").resolve("sealed.txt");
        results(app(jdk, policy, "keys=" + keys, List.of("fos:" + sealed)), 1);
        Path audit = tmp.resolve("audit.log");

        List<String> ops = new ArrayList<>(legacyReads(legacy.get(0)));
        ops.add("read-string:" + sealed);
        ops.add("write-string:" + legacy.get(1)); // replacing a legacy file writes ciphertext
        ops.add("fis:" + legacy.get(1));
        try (OtlpReceiver otlp = OtlpReceiver.http()) {
            List<AppResult> done = results(app(jdk, policy, "keys=" + keys, ops).otlp(otlp).agentPolicy(policy,
                    "keys=" + keys, "audit=" + audit), ops.size());
            assertReadsBackEqual(done.subList(0, READS.size() + 1));
            assertThat(done.get(READS.size() + 1).outcome()).isEqualTo("ok");
            assertReadsBackEqual(done.subList(READS.size() + 2, ops.size()));

            ReceivedSpan span = otlp.awaitSpan("a legacy plaintext read's span",
                    named("file read").and(withAttr("warden.zone.legacy_plaintext", true)));
            assertThat(span.str("file.path")).isEqualTo(legacy.get(0).toString());
            assertThat(span.str("warden.decision")).isEqualTo("allow");
            assertThat(span.str("warden.rule")).isEqualTo("files[0]");
            assertThat(span.str("warden.reason")).startsWith("legacy plaintext read: " + legacy.get(0)).contains("zone encrypt");
        }
        assertCiphertext(legacy.get(1));
        assertThat(Files.readString(legacy.get(0))).isEqualTo(ZoneApp.content());

        List<String> legacyRecords = Files.readAllLines(audit).stream().filter(line -> line.contains("\"legacy-plaintext\"")).toList();
        assertThat(legacyRecords).as("one record per legacy read, none for encrypted files").hasSize(READS.size())
                .allSatisfy(line -> assertThat(line).contains("\"kind\":\"file\"", "\"action\":\"read\"",
                        "\"target\":\"" + legacy.get(0) + "\"", "\"detail\":\"legacy-plaintext\"", "\"rule\":\"files[0]\""));
    }

    @BothJdks
    void afterZoneEncryptDirTheFilesAreCiphertextAndReadBackWithoutTheOptionAndEncryptedOnesAreSkipped(Jdk jdk)
            throws Exception {
        Path policy = setUp();
        List<Path> legacy = legacyFiles("legacy.txt", "deeper/nested.txt");
        Path sealed = root.resolve("zone").resolve("sealed.txt");
        results(app(jdk, policy, "keys=" + keys, List.of("fos:" + sealed)), 1);
        byte[] sealedBefore = Files.readAllBytes(sealed);
        Path zone = root.resolve("zone");

        String dryRun = cli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString(), "--dry-run");
        assertThat(dryRun).contains("would encrypt " + legacy.get(0), "would encrypt " + legacy.get(1),
                "skipped " + sealed + ": already in Warden's zone format", "(dry run: nothing changed)");
        assertThat(Files.readString(legacy.get(0))).isEqualTo(ZoneApp.content());

        String migrated = cli.run("zone", "encrypt", zone.toString(), "--keys", keys.toString());
        assertThat(migrated).contains("encrypted " + legacy.get(0), "encrypted " + legacy.get(1),
                "skipped " + sealed + ": already in Warden's zone format",
                "warden: encrypted 2 files under " + zone, "skipped 1 already encrypted");
        for (Path file : legacy) {
            assertCiphertext(file);
        }
        assertThat(Files.readAllBytes(sealed)).isEqualTo(sealedBefore);
        try (var left = Files.walk(zone)) {
            assertThat(left.filter(Files::isRegularFile).count()).as("no temporary file is left").isEqualTo(3);
        }

        List<String> reads = new ArrayList<>();
        legacy.forEach(file -> reads.addAll(legacyReads(file)));
        reads.add("fis:" + sealed);
        assertReadsBackEqual(results(app(jdk, policy, "keys=" + keys, reads), reads.size()));
    }
}
